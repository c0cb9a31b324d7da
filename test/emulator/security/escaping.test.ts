/**
 * Escaping: hostile brand values and hostile user input rendered for real. The reset mail is made
 * by the real delivery task (in-process, hostile configuration) and sent through the local
 * SendGrid; its HTML is then opened in Chromium. The reset page is opened in Chromium with hostile
 * page-config and verify answers and a hostile link. Both with the Content-Security-Policy
 * bypassed, so that only escaping stands between the values and script execution.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { launchBrowser } from "../../browser/browser";
import {
  captureHandlerLogs,
  deliverInProcess,
  inProcessServices,
  stackConfig,
} from "../../support/in-process";
import { hostingUrl, mails, resetAll } from "../../support/stack";

/** Each payload, if it ever ran, would set window.__xss (or open a dialog). */
const XSS = {
  script: '<script>window.__xss="script"</script>',
  img: '"><img src=x onerror="window.__xss=\'img\'">',
  svg: "'><svg/onload=window.__xss='svg'>",
  js: "javascript:window.__xss='href'",
};
const HOSTILE_NAME = `${XSS.script}${XSS.img}`.slice(0, 100);
const HOSTILE_CONFIG = {
  BRAND_PRODUCT_NAME: HOSTILE_NAME,
  MAIL_FROM_NAME: "Acme\r\nBcc: attacker@evil.example",
  BRAND_FOOTER: `</p>${XSS.svg}\n<a href="${XSS.js}">support</a> & "quotes"`,
  BRAND_LOGO_URL: `https://evil.example/logo.png"onerror="window.__xss='logo'`,
  BRAND_SUPPORT_EMAIL: "o'neil@acme-lamp.example",
  ELIGIBILITY: "anyone",
};
/** Valid for our schema (it is a deliverable address) and still full of quotes. */
const HOSTILE_CUSTOMER = "o'reilly+'x@example.com";

let browser: Browser;
let context: BrowserContext;
let page: Page;
let dialogs: string[];

beforeAll(async () => {
  browser = await launchBrowser();
  captureHandlerLogs();
});
afterAll(async () => {
  jest.restoreAllMocks();
  await browser?.close();
});
beforeEach(async () => {
  await resetAll();
  context = await browser.newContext({ bypassCSP: true, javaScriptEnabled: true });
  page = await context.newPage();
  dialogs = [];
  page.on("dialog", async (dialog) => {
    dialogs.push(dialog.message());
    await dialog.dismiss();
  });
});
afterEach(async () => {
  await context?.close();
});

/** What a successful injection would leave behind in the rendered document. */
async function injectionTraces(target: Page): Promise<Record<string, unknown>> {
  return target.evaluate(() => {
    const all = Array.from(document.querySelectorAll("*"));
    return {
      xss: (window as unknown as { __xss?: string }).__xss ?? null,
      scripts: Array.from(document.querySelectorAll("script"))
        .filter((s) => !s.src || !s.src.startsWith(location.origin))
        .map((s) => s.outerHTML),
      svgs: document.querySelectorAll("svg").length,
      handlers: all.flatMap((el) =>
        Array.from(el.attributes)
          .filter((a) => /^on/i.test(a.name))
          .map((a) => `${el.tagName} ${a.name}`),
      ),
      badLinks: Array.from(document.querySelectorAll("a[href]"))
        .map((a) => a.getAttribute("href") ?? "")
        .filter((href) => !/^(https?:|mailto:|#|\/)/i.test(href)),
      images: Array.from(document.querySelectorAll("img")).map((img) => img.getAttribute("src")),
    };
  });
}

describe("the reset mail with hostile brand values and a hostile customer address", () => {
  it("escapes every value in the HTML (no script runs in Chromium) and keeps headers single-line", async () => {
    const services = inProcessServices({ config: stackConfig(HOSTILE_CONFIG) });
    await deliverInProcess(services, HOSTILE_CUSTOMER, "12345");
    const [mail] = await mails();
    expect(mail.to).toEqual([HOSTILE_CUSTOMER]);
    const payload = mail.payload as Record<string, any>; // eslint-disable-line @typescript-eslint/no-explicit-any
    expect(payload.personalizations).toHaveLength(1);
    expect(payload.personalizations[0].to).toEqual([{ email: HOSTILE_CUSTOMER }]);
    expect(payload.personalizations[0].cc ?? payload.personalizations[0].bcc).toBeUndefined();
    expect(payload.headers).toBeUndefined();
    // Nothing that ends up in a mail header may carry a line break.
    for (const header of [
      mail.subject,
      payload.from.name,
      payload.from.email,
      payload.reply_to.email,
    ]) {
      expect(header).not.toMatch(/[\r\n]/);
    }

    await page.setContent(mail.html, { waitUntil: "load" });
    await page.waitForTimeout(200);
    expect(await injectionTraces(page)).toEqual({
      xss: null,
      scripts: [],
      svgs: 0,
      handlers: [],
      badLinks: [],
      // The logo URL is normalized: its double quotes are percent-encoded, so they end nothing.
      images: ["https://evil.example/logo.png%22onerror=%22window.__xss='logo'"],
    });
    expect(dialogs).toEqual([]);
    // Escaped, not dropped: the hostile text is shown as text.
    const text = await page.evaluate(() => document.body.textContent ?? "");
    expect(text).toContain(XSS.script);
    expect(text).toContain(HOSTILE_CUSTOMER);
    expect(text).toContain(XSS.svg);
    // And the plain-text part is plain text with the same values, no markup interpreted.
    expect(mail.text).toContain(XSS.script);
  });
});

describe("the reset page with hostile configuration, verify answer and link", () => {
  it("shows every hostile value as text and runs none of it, even with the CSP bypassed", async () => {
    const hostileBrand = {
      productName: HOSTILE_NAME,
      logoUrl: XSS.js,
      primaryColor: "red;background:url(javascript:alert(1))",
      accentColor: "</style><script>window.__xss='style'</script>",
      supportEmail: `x${XSS.svg}@evil.example`,
    };
    await page.route("**/api/password-reset/page-config*", async (route) => {
      const real = await route.fetch();
      const config = await real.json();
      config.brand = hostileBrand;
      config.strings.title = `${config.strings.title} ${XSS.img}`;
      await route.fulfill({ response: real, json: config });
    });
    await page.route("**/api/password-reset/verify", (route) =>
      route.fulfill({
        status: 200,
        contentType: "application/json",
        json: {
          email: `${XSS.img}•••@example.com`,
          productId: "12345",
          productName: HOSTILE_NAME,
          expiresAt: `${new Date(Date.now() + 600_000).toISOString()}`,
          locale: "en",
          passwordPolicy: { minLength: 8, maxLength: 128 },
        },
      }),
    );
    const fragment = new URLSearchParams({
      token: XSS.script,
      lang: `"><svg onload=window.__xss='lang'>`,
      product: XSS.img,
    });
    await page.goto(`${hostingUrl}/reset#${fragment}`);
    await page.locator("#password").waitFor({ state: "visible", timeout: 20_000 });
    await page.waitForTimeout(300);

    const traces = await injectionTraces(page);
    expect(traces).toMatchObject({ xss: null, svgs: 0, handlers: [], badLinks: [] });
    expect(traces.scripts).toEqual([]);
    expect(traces.images).toEqual([]); // the javascript: logo is refused; the name is shown
    expect(dialogs).toEqual([]);
    const brandText = await page.locator("#brand").textContent();
    expect(brandText).toBe(HOSTILE_NAME);
    const intro = (await page.locator("#intro").textContent()) ?? "";
    expect(intro).toContain(`${XSS.img}•••@example.com`);
    expect(await page.locator("h1:visible").first().textContent()).toContain(XSS.img);
    // Colours that are not hex colours never reach a style.
    const style = await page.evaluate(() => document.documentElement.getAttribute("style") ?? "");
    expect(style).not.toMatch(/javascript|url\(|script/i);
  });
});
