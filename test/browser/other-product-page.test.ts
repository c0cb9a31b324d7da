/**
 * The reset page for the second demo product (Other Widget, German by default), in Chromium
 * against the whole local stack: the link's token decides the brand, the language and the
 * password policy, and the new password reaches that product's customer only.
 * Screenshots go to test-artifacts/screenshots/.
 */
import type { Browser, BrowserContext, Page } from "playwright-core";
import { de } from "../../functions/src/i18n/locales/de";
import { format } from "../../functions/src/i18n/messages";
import {
  hostingUrl,
  particleLogin,
  requestReset,
  resetAll,
  resetLinkFrom,
  waitForMail,
} from "../support/stack";
import { launchBrowser, screenshot, watchForPageProblems } from "./browser";

const WIDGET_CLIENT = { id: "other-widget-app", secret: "other-client-secret" };
const NEW_PASSWORD = "widgets-whirr-at-dawn-7";
const STATE_TIMEOUT = 20_000;

let browser: Browser;
let context: BrowserContext;
let page: Page;
let problems: string[];

beforeAll(async () => {
  browser = await launchBrowser();
});

afterAll(async () => {
  await browser?.close();
});

beforeEach(async () => {
  await resetAll();
  // An English browser: the page still speaks the language the mail was sent in.
  context = await browser.newContext({ viewport: { width: 1024, height: 800 }, locale: "en-US" });
  page = await context.newPage();
  problems = watchForPageProblems(page);
});

afterEach(async () => {
  await context?.close();
  expect(problems).toEqual([]);
});

test("the second product's link opens its own page: its brand, language and policy", async () => {
  // Asked for by the app without a language: the product's default (German) is used.
  const response = await requestReset("alice@example.com", { productId: "other-widget-67890" });
  expect(response.status).toBe(200);
  const [mail] = await waitForMail("alice@example.com");
  expect(mail.from).toBe("hello@other-widget.example");

  const mailPage = await context.newPage();
  await mailPage.setViewportSize({ width: 720, height: 900 });
  await mailPage.setContent(mail.html, { waitUntil: "load" });
  await screenshot(mailPage, "other-product-email");
  await mailPage.close();

  await page.goto(resetLinkFrom(mail));
  await page.locator("#password").waitFor({ state: "visible", timeout: STATE_TIMEOUT });
  expect(await page.getAttribute("html", "lang")).toBe("de");
  expect(await page.title()).toBe(`${de.page.title} · Other Widget`);
  expect(await page.textContent("#form-title")).toBe(de.page.title);
  const logo = page.locator("#brand img.brand-logo");
  expect(await logo.getAttribute("src")).toBe(`${hostingUrl}/assets/other-widget-logo.svg`);
  expect(await logo.getAttribute("alt")).toBe("Other Widget");
  await page.waitForFunction(() => {
    const img = document.querySelector<HTMLImageElement>("#brand img.brand-logo");
    return img?.complete && img.naturalWidth > 0;
  });
  const primary = await page.evaluate(() =>
    getComputedStyle(document.documentElement).getPropertyValue("--brand-primary").trim(),
  );
  expect(primary.toLowerCase()).toBe("#e4572e");
  // The widget's policy: at least 10 characters.
  expect(await page.textContent("#password-policy")).toContain("10");

  await page.fill("#password", "nine-char");
  await page.fill("#confirm", "nine-char");
  await page.click("#submit");
  await page.locator("#password-error:not(:empty)").waitFor({ timeout: STATE_TIMEOUT });
  expect(await page.textContent("#password-error")).toBe(format(de.page.tooShort, { min: 10 }));

  await page.fill("#password", NEW_PASSWORD);
  await page.fill("#confirm", NEW_PASSWORD);
  await screenshot(page, "other-product-form");
  await page.click("#submit");
  await page
    .locator("h1", { hasText: de.page.successTitle })
    .waitFor({ state: "visible", timeout: STATE_TIMEOUT });
  expect(await page.textContent("#message-body")).toContain("Other Widget");
  await screenshot(page, "other-product-success");

  // The widget's alice has the new password; the lamp's alice keeps hers.
  expect(await particleLogin("alice@example.com", NEW_PASSWORD, WIDGET_CLIENT)).toBe(200);
  expect(await particleLogin("alice@example.com", "correct-horse-battery")).toBe(200);
});

test("the demo screen lets you pick the product, and the mail comes from that product", async () => {
  await page.goto(`${hostingUrl}/`);
  await page.click('#product-picker a[data-product="67890"]');
  await page.waitForURL(`${hostingUrl}/?product=67890`);
  expect(await page.getAttribute('#product-picker a[data-product="67890"]', "aria-current")).toBe(
    "page",
  );
  expect(
    await page.getAttribute('#product-picker a[data-product="12345"]', "aria-current"),
  ).toBeNull();
  await page.fill("#email", "dave@example.com");
  await page.click("#send");
  await page.locator("#result:not(:empty)").waitFor({ timeout: STATE_TIMEOUT });
  const [mail] = await waitForMail("dave@example.com");
  expect(mail.from).toBe("hello@other-widget.example");
  // The demo screen asks in the browser's language (English), which wins over the default.
  expect(resetLinkFrom(mail)).toMatch(/&lang=en&product=67890$/);
  await screenshot(page, "landing-other-product");
});
