/**
 * Response headers as the Hosting emulator serves them (firebase.json's headers, the functions'
 * own for the API): a strict CSP without inline script and without framing, no Referer, no MIME
 * sniffing, HSTS, and no caching of anything that carries reset state.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { api, callCallable, hostingUrl } from "../../support/stack";

type Fetched = { path: string; headers: Headers };

async function page(path: string): Promise<Fetched> {
  const response = await fetch(`${hostingUrl}${path}`, { redirect: "manual" });
  await response.arrayBuffer();
  return { path, headers: response.headers };
}

/** CSP as directive -> sources. */
function csp(headers: Headers): Map<string, string[]> {
  const value = headers.get("content-security-policy") ?? "";
  return new Map(
    value
      .split(";")
      .map((part) => part.trim().split(/\s+/))
      .filter(([name]) => name)
      .map(([name, ...sources]) => [name.toLowerCase(), sources]),
  );
}

const PAGES = ["/reset", "/", "/no-such-page", "/assets/reset.js", "/assets/app.css"];

/**
 * The stack lets the pages reach its local App Check stand-in (scripts/stack); what deploys is
 * firebase.json's, which adds to the page's own origin only what App Check's reCAPTCHA
 * Enterprise provider needs (SECURITY.md): Google's reCAPTCHA script and frame paths, and App
 * Check's token exchange (the host fixed in @firebase/app-check).
 */
const LOCAL_APP_CHECK = new URL(process.env.STACK_APP_CHECK_URL ?? "http://invalid").origin;
const APP_CHECK_EXCHANGE = "https://content-firebaseappcheck.googleapis.com";
const RECAPTCHA_SCRIPTS = [
  "https://www.google.com/recaptcha/",
  "https://www.gstatic.com/recaptcha/",
];
const RECAPTCHA_FRAMES = [
  "https://www.google.com/recaptcha/",
  "https://recaptcha.google.com/recaptcha/",
];

it("firebase.json, what deploys, allows beyond the page's own origin only App Check's reCAPTCHA Enterprise provider", () => {
  const config = JSON.parse(readFileSync(join(__dirname, "../../../firebase.json"), "utf8"));
  const policies = config.hosting.headers
    .flatMap((rule: { headers: Array<{ key: string; value: string }> }) => rule.headers)
    .filter((header: { key: string }) => header.key === "Content-Security-Policy")
    .map((header: { value: string }) => header.value);
  expect(policies).toHaveLength(1);
  const policy = csp(new Headers({ "content-security-policy": policies[0] }));
  expect(policy.get("connect-src")).toEqual(["'self'", APP_CHECK_EXCHANGE]);
  expect(policy.get("script-src")).toEqual(["'self'", ...RECAPTCHA_SCRIPTS]);
  expect(policy.get("frame-src")).toEqual(RECAPTCHA_FRAMES);
});

describe("security headers from Hosting", () => {
  it.each(PAGES)(
    "%s has a strict CSP: no inline or eval script, nothing by default, no framing",
    async (path) => {
      const policy = csp((await page(path)).headers);
      expect(policy.get("default-src")).toEqual(["'none'"]);
      expect(policy.get("script-src")).toEqual(["'self'", ...RECAPTCHA_SCRIPTS]);
      expect(policy.get("style-src")).toEqual(["'self'"]);
      expect(policy.get("connect-src")).toEqual(["'self'", LOCAL_APP_CHECK, APP_CHECK_EXCHANGE]);
      expect(policy.get("frame-src")).toEqual(RECAPTCHA_FRAMES);
      expect(policy.get("frame-ancestors")).toEqual(["'none'"]);
      expect(policy.get("base-uri")).toEqual(["'none'"]);
      expect(policy.get("form-action")).toEqual(["'self'"]);
      // Only images may come from elsewhere (https brand logos, data: icons); nothing is unsafe.
      expect(policy.get("img-src")).toEqual(["'self'", "https:", "data:"]);
      for (const [directive, sources] of policy) {
        for (const source of sources) {
          expect(`${directive} ${source}`).not.toMatch(
            /'unsafe-|'strict-dynamic'| \*$|blob:|http:$/,
          );
          if (directive !== "img-src")
            expect(`${directive} ${source}`).not.toMatch(/ (https:|data:)$/);
        }
      }
    },
  );

  it.each(PAGES)(
    "%s sends Referrer-Policy: no-referrer, nosniff, HSTS of a year or more, and X-Frame-Options: DENY",
    async (path) => {
      const { headers } = await page(path);
      expect(headers.get("referrer-policy")).toBe("no-referrer");
      expect(headers.get("x-content-type-options")).toBe("nosniff");
      expect(headers.get("x-frame-options")).toBe("DENY");
      const hsts = headers.get("strict-transport-security") ?? "";
      expect(Number(/max-age=(\d+)/.exec(hsts)?.[1])).toBeGreaterThanOrEqual(31_536_000);
      expect(hsts).toMatch(/includeSubDomains/);
    },
  );

  it("the reset page is never cached and declares its type and charset", async () => {
    const { headers } = await page("/reset");
    expect(headers.get("cache-control")).toBe("no-store");
    expect(headers.get("content-type")).toBe("text/html; charset=utf-8");
  });

  it("the reset form asks for the password twice in masked fields that password managers may fill", () => {
    const html = readFileSync(join(__dirname, "../../../hosting/reset.html"), "utf8");
    for (const id of ["password", "confirm"]) {
      const input = new RegExp(`<input[^>]*\\bid="${id}"[^>]*>`).exec(html)?.[0] ?? "";
      expect(input).toMatch(/\btype="password"/);
      expect(input).toMatch(/\bautocomplete="new-password"/);
      expect(input).not.toMatch(/onpaste|maxlength/i);
    }
  });

  it("the pages carry no inline script, inline event handler, inline style or javascript: URL", () => {
    for (const file of ["reset.html", "index.html", "404.html"]) {
      const html = readFileSync(join(__dirname, "../../../hosting", file), "utf8");
      const scripts = [...html.matchAll(/<script\b([^>]*)>([\s\S]*?)<\/script>/gi)];
      for (const [, attributes, body] of scripts) {
        expect({ file, attributes }).toEqual({
          file,
          attributes: expect.stringMatching(/\bsrc="\/assets\//),
        });
        expect({ file, body: body.trim() }).toEqual({ file, body: "" });
      }
      expect({ file, handlers: html.match(/\son[a-z]+\s*=/gi) }).toEqual({ file, handlers: null });
      expect({ file, styles: html.match(/\sstyle\s*=/gi) }).toEqual({ file, styles: null });
      expect({ file, inlineCss: html.match(/<style\b/gi) }).toEqual({ file, inlineCss: null });
      expect({ file, js: html.match(/javascript:/gi) }).toEqual({ file, js: null });
    }
  });
});

describe("headers on API answers through the Hosting rewrite", () => {
  const answers: Array<[string, () => Promise<{ status: number; headers: Headers }>]> = [
    ["page-config (200)", () => fetch(`${hostingUrl}/api/password-reset/page-config`)],
    ["request refused (400)", () => api("request", { email: "not-an-email" })],
    ["verify refused (400)", () => api("verify", { token: "x" })],
    ["complete refused (400)", () => api("complete", {})],
    ["wrong method (405)", () => api("verify", undefined, { method: "GET" })],
    ["unknown endpoint (404)", () => api("nope", {})],
    ["oversized body (413)", () => api("request", { email: "x".repeat(20_000) })],
    ["callable refused (400)", () => callCallable({ email: "x" }, { viaHosting: true })],
  ];

  it.each(answers)(
    "%s: Cache-Control: no-store, nosniff, no-referrer, JSON",
    async (label, call) => {
      const response = await call();
      expect(response.headers.get("cache-control")).toBe("no-store");
      expect(response.headers.get("x-content-type-options")).toBe("nosniff");
      expect(response.headers.get("referrer-policy")).toBe("no-referrer");
      expect(response.headers.get("content-type")).toBe("application/json; charset=utf-8");
      // The JSON API's own answers are downloads, never documents (the callable is the SDK's).
      if (!label.startsWith("callable")) {
        expect(response.headers.get("content-disposition")).toBe('attachment; filename="api.json"');
      }
    },
  );
});
