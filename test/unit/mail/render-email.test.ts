import { mkdirSync, writeFileSync } from "node:fs";
import { join } from "node:path";
import type { Brand } from "../../../functions/src/config/config";
import { escapeHtml, safeHttpUrl, safeMailtoUrl } from "../../../functions/src/mail/html";
import {
  changedTemplateData,
  renderPasswordChangedEmail,
  renderResetEmail,
  resetTemplateData,
} from "../../../functions/src/mail/render-email";

const brand: Brand = {
  productName: "Acme Sensors",
  logoUrl: "https://cdn.example.com/acme-logo.png",
  primaryColor: "#0B3954",
  accentColor: "#00AEEF",
  supportEmail: "support@acme.example",
  footer: "Acme Sensors Inc., 1 Main Street, Springfield",
  senderEmail: "no-reply@acme.example",
  senderName: "Acme Sensors",
};

const hostile: Brand = {
  ...brand,
  productName: "<script>alert(1)</script>\r\nBcc: victim@example.com",
  logoUrl: "javascript:alert(1)",
  primaryColor: "red;background:url(https://evil.example/x)",
  footer: '"onmouseover=alert(1) x="',
};

const resetUrl = "https://reset.example.com/reset#token=abc123_-XYZ&lang=en&product=acme";
const changedAt = new Date(Date.UTC(2025, 2, 5, 14, 30));

const reset = (overrides: Partial<Parameters<typeof renderResetEmail>[0]> = {}) =>
  renderResetEmail({
    brand,
    locale: "en",
    email: "jane@example.com",
    resetUrl,
    ttlMinutes: 30,
    ...overrides,
  });

const changed = (overrides: Partial<Parameters<typeof renderPasswordChangedEmail>[0]> = {}) =>
  renderPasswordChangedEmail({
    brand,
    locale: "en",
    email: "jane@example.com",
    changedAt,
    ...overrides,
  });

const hrefs = (html: string) => [...html.matchAll(/href="([^"]*)"/g)].map((match) => match[1]);

describe("renderResetEmail", () => {
  it.each([
    ["en", "This link works for 1 minute and only once."],
    ["de", "Dieser Link ist 1 Minute lang gültig und funktioniert nur einmal."],
    ["es", "Este enlace funciona durante 1 minuto y solo una vez."],
    ["fr", "Ce lien est valable 1\u00a0minute et ne fonctionne qu’une seule fois."],
  ] as const)(
    "%s: a one-minute link says 1 minute, in the text and the preheader",
    (locale, expiry) => {
      const mail = reset({ locale, ttlMinutes: 1 });
      expect(mail.text).toContain(expiry);
      expect(mail.html).not.toMatch(/\b1 (minutes|Minuten|minutos)\b|1\u00a0minutes/);
    },
  );

  it("has the branded subject, the link and the expiry", () => {
    const mail = reset();
    expect(mail.subject).toBe("Reset your Acme Sensors password");
    expect(hrefs(mail.html)).toContain(escapeHtml(resetUrl));
    expect(mail.html).toContain(`>${escapeHtml(resetUrl)}</a>`);
    expect(mail.html).toContain("This link works for 30 minutes and only once.");
    expect(mail.html).toContain("jane@example.com");
    expect(mail.html).toContain('<html lang="en"');
  });

  it("escapes & in the link inside the href attribute", () => {
    expect(reset().html).toContain(
      'href="https://reset.example.com/reset#token=abc123_-XYZ&amp;lang=en',
    );
  });

  it("is a branded, dark-mode aware, table layout", () => {
    const { html } = reset();
    expect(html).toContain('<meta name="color-scheme" content="light dark">');
    expect(html).toContain('<meta name="supported-color-schemes" content="light dark">');
    expect(html).toContain('<img src="https://cdn.example.com/acme-logo.png" alt="Acme Sensors"');
    expect(html).toContain("max-width:600px");
    expect(html).toContain('bgcolor="#0b3954"');
    // White text on the dark navy bar and button.
    expect(html).toContain("color:#ffffff;text-decoration:none;");
    expect(html).toContain("word-break:break-all");
    expect(html).toContain("Choose a new password for your Acme Sensors account.");
    expect(html).toContain(brand.footer);
    expect(html).toContain('<a href="mailto:support@acme.example"');
    expect(html).toContain("a password reset was requested for your Acme Sensors account.");
  });

  it("uses dark text on a light primary colour", () => {
    const { html } = reset({ brand: { ...brand, primaryColor: "#FFFF00" } });
    expect(html).toContain("color:#111111;text-decoration:none;");
  });

  it("shows the product name as a text header when there is no logo", () => {
    const { html } = reset({ brand: { ...brand, logoUrl: null } });
    expect(html).not.toContain("<img");
    expect(html).toMatch(/<span style="[^"]*">Acme Sensors<\/span>/);
  });

  it("has a plain-text part with the same content and the URL on its own line", () => {
    const { text } = reset();
    expect(text.split("\n")).toContain(resetUrl);
    expect(text).toContain("Reset your password");
    expect(text).toContain("This link works for 30 minutes and only once.");
    expect(text).toContain("Questions? Contact support@acme.example.");
    expect(text).not.toMatch(/<[a-z/][^>]*>/i);
  });

  it("renders German for the German locale", () => {
    const mail = reset({ locale: "de" });
    expect(mail.subject).toBe("Passwort für Acme Sensors zurücksetzen");
    expect(mail.html).toContain('<html lang="de"');
    expect(mail.html).toContain(
      "Dieser Link ist 30 Minuten lang gültig und funktioniert nur einmal.",
    );
    expect(mail.text).toContain("Passwort zurücksetzen:");
    expect(mail.html).not.toContain("This link works");
  });

  describe("with hostile brand values", () => {
    const mail = reset({ brand: hostile });

    it("escapes the product name everywhere in the HTML", () => {
      expect(mail.html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
      expect(mail.html).not.toContain("<script>");
    });

    it("escapes quotes in the footer so it cannot add attributes", () => {
      expect(mail.html).toContain("&quot;onmouseover=alert(1) x=&quot;");
      expect(mail.html).not.toContain('"onmouseover=');
    });

    it("drops a javascript: logo URL and shows the name instead", () => {
      expect(mail.html).not.toContain("javascript:");
      expect(mail.html).not.toContain("<img");
    });

    it("falls back to a safe colour instead of injecting CSS", () => {
      expect(mail.html).not.toContain("evil.example");
      expect(mail.html).toContain('bgcolor="#00aeef"');
    });

    it("keeps the subject on one line", () => {
      expect(mail.subject).not.toMatch(/[\r\n]/);
      expect(mail.subject).toBe(
        "Reset your <script>alert(1)</script> Bcc: victim@example.com password",
      );
    });

    it("keeps the product name on one line in the text part", () => {
      expect(mail.text).not.toContain("\r");
      expect(mail.text.split("\n")[0]).toBe("<script>alert(1)</script> Bcc: victim@example.com");
    });
  });

  it("escapes a hostile customer email address", () => {
    const { html } = reset({ email: '"><img src=x onerror=alert(1)>@example.com' });
    expect(html).toContain("&quot;&gt;&lt;img src=x onerror=alert(1)&gt;@example.com");
    expect(html).not.toContain("<img src=x");
  });

  it("never puts a non-http(s) reset URL into an href", () => {
    const { html, text } = reset({ resetUrl: "javascript:alert(document.cookie)" });
    expect(hrefs(html).some((href) => href.startsWith("javascript:"))).toBe(false);
    expect(text).toContain("javascript:alert(document.cookie)");
  });

  it("does not link a support address that is not a plain address", () => {
    const { html } = reset({ brand: { ...brand, supportEmail: "x@y.z?bcc=all@corp.example" } });
    expect(hrefs(html).some((href) => href.startsWith("mailto:"))).toBe(false);
    expect(html).toContain("x@y.z?bcc=all@corp.example");
  });
});

describe("renderPasswordChangedEmail", () => {
  it("says when the password changed, in UTC with the zone", () => {
    const mail = changed();
    expect(mail.subject).toBe("Your Acme Sensors password was changed");
    // ICU versions differ in spaces and separators; the facts must be there.
    expect(mail.text).toMatch(
      /The password for your Acme Sensors account jane@example\.com was changed on March 5, 2025\D+2:30\sPM UTC\./,
    );
    expect(mail.html).toContain("If this wasn't you, contact".replace("'", "&#39;"));
  });

  it("formats the date for the locale", () => {
    expect(changed({ locale: "de" }).text).toMatch(/am 5\. März 2025\D+14:30 UTC geändert/);
    expect(changed({ locale: "fr" }).text).toMatch(/le 5 mars 2025\D+14:30 UTC\./);
    expect(changed({ locale: "es" }).text).toMatch(/el 5 de marzo de 2025\D+14:30 UTC\./);
  });

  it("contains no link but the support mailto", () => {
    const { html } = changed();
    expect(hrefs(html)).toEqual(["mailto:support@acme.example", "mailto:support@acme.example"]);
    expect(html).not.toContain("reset.example.com");
  });

  it("escapes hostile brand values too", () => {
    const { html, subject } = changed({ brand: hostile });
    expect(html).toContain("&lt;script&gt;alert(1)&lt;/script&gt;");
    expect(html).not.toContain("<script>");
    expect(html).not.toContain("javascript:");
    expect(subject).not.toMatch(/[\r\n]/);
  });
});

describe("SendGrid dynamic template data", () => {
  it("has the brand, the link and the filled-in strings for the reset email", () => {
    const data = resetTemplateData({
      brand,
      locale: "de",
      email: "jane@example.com",
      resetUrl,
      ttlMinutes: 30,
    });
    expect(data).toMatchObject({
      locale: "de",
      product_name: "Acme Sensors",
      logo_url: brand.logoUrl,
      primary_color: "#0b3954",
      primary_text_color: "#ffffff",
      accent_color: "#00aeef",
      support_email: "support@acme.example",
      footer: brand.footer,
      email: "jane@example.com",
      reset_url: resetUrl,
      ttl_minutes: 30,
      subject: "Passwort für Acme Sensors zurücksetzen",
      button: "Passwort zurücksetzen",
      expiry: "Dieser Link ist 30 Minuten lang gültig und funktioniert nur einmal.",
    });
    for (const key of ["preheader", "heading", "greeting", "body", "copy_link", "ignore"]) {
      expect(data[key]).toEqual(expect.any(String));
    }
    expect(JSON.stringify(data)).not.toMatch(/\{(product|email|duration|support)\}/);
  });

  it("drops unsafe URLs and keeps the subject on one line", () => {
    const data = resetTemplateData({
      brand: hostile,
      locale: "en",
      email: "jane@example.com",
      resetUrl: "javascript:alert(1)",
      ttlMinutes: 30,
    });
    expect(data.logo_url).toBeNull();
    expect(data.reset_url).toBeNull();
    expect(data.primary_color).toBe("#00aeef");
    expect(data.subject).not.toMatch(/[\r\n]/);
  });

  it("has the change time and no reset link for the changed email", () => {
    const data = changedTemplateData({
      brand,
      locale: "en",
      email: "jane@example.com",
      changedAt,
    });
    expect(data.changed_at).toMatch(/^March 5, 2025\D+2:30\sPM UTC$/);
    expect(data).toMatchObject({
      changed_at_iso: "2025-03-05T14:30:00.000Z",
      subject: "Your Acme Sensors password was changed",
      not_you: "If this wasn't you, contact support@acme.example right away.",
    });
    expect(data).not.toHaveProperty("reset_url");
  });
});

describe("URL helpers", () => {
  it.each([
    ["https://example.com/a?b=1#c", "https://example.com/a?b=1#c"],
    ["http://example.com", "http://example.com/"],
    ["javascript:alert(1)", null],
    ["JaVaScRiPt:alert(1)", null],
    ["data:text/html,<script>", null],
    ["//example.com/x", null],
    ["/relative", null],
    ["", null],
    [null, null],
  ])("safeHttpUrl(%j) → %j", (input, expected) => {
    expect(safeHttpUrl(input)).toBe(expected);
  });

  it.each([
    ["support@acme.example", "mailto:support@acme.example"],
    ["a@b.c?subject=x", null],
    ['"x"@evil.example', null],
    ["not an email", null],
  ])("safeMailtoUrl(%j) → %j", (input, expected) => {
    expect(safeMailtoUrl(input)).toBe(expected);
  });
});

it("writes previews of both emails to test-artifacts/emails", () => {
  const dir = join(__dirname, "../../../test-artifacts/emails");
  mkdirSync(dir, { recursive: true });
  for (const locale of ["en", "de"] as const) {
    const previews = { reset: reset({ locale }), changed: changed({ locale }) };
    for (const [name, mail] of Object.entries(previews)) {
      writeFileSync(join(dir, `${name}-${locale}.html`), mail.html);
      writeFileSync(join(dir, `${name}-${locale}.txt`), `Subject: ${mail.subject}\n\n${mail.text}`);
    }
  }
});
