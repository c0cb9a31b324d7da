/**
 * The customer's side of a reset, in Chromium against the whole local stack: the demo app screen,
 * the received mail, the hosted reset page and the password change at (local) Particle.
 * Screenshots go to test-artifacts/screenshots/.
 */
import { Timestamp } from "firebase-admin/firestore";
import type { Browser, BrowserContext, Page } from "playwright-core";
import { maskEmail } from "../../functions/src/privacy/mask-email";
import { de } from "../../functions/src/i18n/locales/de";
import { en } from "../../functions/src/i18n/locales/en";
import { format } from "../../functions/src/i18n/messages";
import { hashToken } from "../../functions/src/tokens/token";
import {
  db,
  hostingUrl,
  logMark,
  particleLogin,
  requestReset,
  resetAll,
  resetLinkFrom,
  tokenFrom,
  waitForLog,
  waitForMail,
  type ReceivedMail,
} from "../support/stack";
import { launchBrowser, screenshot, watchForPageProblems } from "./browser";

const OLD_PASSWORD = "correct-horse-battery";
const NEW_PASSWORD = "amber-lamp-glows-at-dusk";
const COMMON_PASSWORD = "password123";
const STATE_TIMEOUT = 20_000;
const strings = en.page;

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
  context = await browser.newContext({ viewport: { width: 1024, height: 800 }, locale: "en-US" });
  page = await context.newPage();
  problems = watchForPageProblems(page);
});

afterEach(async () => {
  await context?.close();
  // No uncaught errors and no CSP violations on any page, in any state.
  expect(problems).toEqual([]);
});

async function resetMailFor(email: string): Promise<{ mail: ReceivedMail; link: string }> {
  const response = await requestReset(email);
  expect(response.status).toBe(200);
  const [mail] = await waitForMail(email);
  const link = resetLinkFrom(mail);
  expect(link.startsWith(`${hostingUrl}/reset#token=`)).toBe(true);
  return { mail, link };
}

/** Waits for a heading with this text, in whichever view shows it. */
async function waitForHeading(text: string): Promise<void> {
  await page.locator("h1", { hasText: text }).waitFor({ state: "visible", timeout: STATE_TIMEOUT });
}

async function openResetForm(link: string): Promise<void> {
  await page.goto(link);
  await page.locator("#password").waitFor({ state: "visible", timeout: STATE_TIMEOUT });
}

const focusedId = () => page.evaluate(() => document.activeElement?.id ?? "");

/** The focused element's computed outline style: "none" when no focus ring is drawn. */
const focusOutline = () =>
  page.evaluate(() => {
    const focused = document.activeElement;
    return focused ? getComputedStyle(focused).outlineStyle : "none";
  });

async function fieldError(id: "password-error" | "confirm-error"): Promise<string> {
  await page.locator(`#${id}:not(:empty)`).waitFor({ timeout: STATE_TIMEOUT });
  return (await page.textContent(`#${id}`)) ?? "";
}

/** Opens the received mail's HTML as the customer's mail client would, offline. */
async function screenshotMail(mail: ReceivedMail, name: string): Promise<void> {
  const mailPage = await context.newPage();
  await mailPage.route(/^https?:\/\/(?!127\.0\.0\.1|localhost)/, (route) => route.abort());
  await mailPage.setViewportSize({ width: 720, height: 900 });
  await mailPage.setContent(mail.html, { waitUntil: "domcontentloaded" });
  await screenshot(mailPage, name);
  await mailPage.close();
}

test("a customer resets the password from the emailed link", async () => {
  const { mail, link } = await resetMailFor("alice@example.com");
  await screenshotMail(mail, "email-reset");

  await openResetForm(link);
  expect(page.url()).toBe(`${hostingUrl}/reset`);
  expect(await page.textContent("#intro")).toContain(maskEmail("alice@example.com"));
  expect(await page.textContent("#expiry")).toMatch(/\d/);
  expect(await page.title()).toContain(strings.title);

  // A common password passes the length rule in the page; the server turns it down inline.
  await page.fill("#password", COMMON_PASSWORD);
  await page.fill("#confirm", COMMON_PASSWORD);
  await page.click("#submit");
  expect(await fieldError("password-error")).toBe(strings.weakPassword);
  expect(await page.getAttribute("#password", "aria-invalid")).toBe("true");

  await page.fill("#password", NEW_PASSWORD);
  await page.fill("#confirm", `${NEW_PASSWORD}!`);
  await page.press("#confirm", "Tab");
  expect(await fieldError("confirm-error")).toBe(strings.mismatch);
  expect(await page.getAttribute("#confirm", "aria-invalid")).toBe("true");

  await page.fill("#confirm", NEW_PASSWORD);
  expect(await page.textContent("#confirm-error")).toBe("");
  expect(await page.textContent("#password-error")).toBe("");
  await screenshot(page, "reset-form");

  await page.setViewportSize({ width: 320, height: 720 });
  const widths = await page.evaluate(() => [document.documentElement.scrollWidth, innerWidth]);
  expect(widths[0]).toBeLessThanOrEqual(widths[1]);
  await screenshot(page, "reset-mobile");
  await page.setViewportSize({ width: 1024, height: 800 });

  await page.click("#submit");
  await waitForHeading(strings.successTitle);
  expect(await focusedId()).toBe("message-title");
  expect(await page.textContent("#message-body")).toContain("Acme Smart Lamp");
  await screenshot(page, "reset-success");

  expect(await particleLogin("alice@example.com", NEW_PASSWORD)).toBe(200);
  expect(await particleLogin("alice@example.com", OLD_PASSWORD)).toBe(400);
});

test("an expired link shows the expired state with its heading focused", async () => {
  const { link } = await resetMailFor("carol@example.com");
  await db()
    .collection("resetTokens")
    .doc(hashToken(tokenFrom(link)))
    .update({ expiresAt: Timestamp.fromMillis(Date.now() - 60_000) });

  await page.goto(link);
  await waitForHeading(strings.expiredTitle);
  expect(await focusedId()).toBe("message-title");
  // Focus moved by script is a reading position: no keyboard ring around the heading.
  expect(await focusOutline()).toBe("none");
  expect(await page.getAttribute("#support a", "href")).toMatch(/^mailto:/);
  expect(await page.isVisible("#reset-form")).toBe(false);
  await screenshot(page, "reset-expired");
});

test("a page without a token shows the invalid state without asking the server", async () => {
  const verifyCalls: string[] = [];
  page.on("request", (request) => {
    if (request.url().includes("/verify")) verifyCalls.push(request.url());
  });
  await page.goto(`${hostingUrl}/reset`);
  await waitForHeading(strings.invalidTitle);
  expect(await focusedId()).toBe("message-title");
  expect(verifyCalls).toEqual([]);
});

test("the demo app screen sends a reset link", async () => {
  await page.goto(`${hostingUrl}/`);
  expect(await page.isVisible("#local-demo")).toBe(true);

  await page.fill("#email", "not-an-email");
  await page.click("#send");
  await page.locator("#email-error:not(:empty)").waitFor({ timeout: STATE_TIMEOUT });

  await page.fill("#email", "bob@example.com");
  await page.click("#send");
  await page
    .locator("#result", { hasText: en.api.requestAccepted })
    .waitFor({ timeout: STATE_TIMEOUT });
  expect(await page.textContent("#email-error")).toBe("");
  const [mail] = await waitForMail("bob@example.com");
  expect(resetLinkFrom(mail)).toContain("/reset#token=");
  await screenshot(page, "landing");
});

test("the demo app screen says a rate limit in the server's words, in the asked language", async () => {
  const client = "203.0.113.77";
  const mark = logMark();
  for (let i = 0; i < 20; i++) {
    expect((await requestReset(`someone${i}@example.com`, {}, client)).status).toBe(200);
  }
  // The browser's calls come from that same, now limited, client.
  await page.route("**/api/callable/requestPasswordReset", (route) =>
    route.continue({ headers: { ...route.request().headers(), "x-forwarded-for": client } }),
  );
  await page.goto(`${hostingUrl}/?lang=de`);
  await page.fill("#email", "alice@example.com");
  await page.click("#send");
  await page.locator("#result:not(:empty)").waitFor({ timeout: STATE_TIMEOUT });
  expect(await page.textContent("#result")).toBe(de.api.rateLimited);
  expect(await page.getAttribute("#result", "data-tone")).toBe("error");
  // Let the queued deliveries finish so they can't leak into the next test.
  await waitForLog(mark, "reset.not_eligible", 20);
});

test("the form works with the keyboard alone, in a logical order", async () => {
  const { link } = await resetMailFor("bob@example.com");
  await openResetForm(link);
  expect(await focusedId()).toBe("form-title");
  // The script put focus on the heading on load: no ring there, until the keyboard moves it.
  expect(await focusOutline()).toBe("none");

  const order: string[] = [];
  const tab = async () => {
    await page.keyboard.press("Tab");
    order.push(await focusedId());
    // Every stop shows a focus ring.
    expect(await focusOutline()).not.toBe("none");
  };

  await tab();
  await page.keyboard.type(NEW_PASSWORD);
  await tab();
  await page.keyboard.press("Space");
  expect(await page.getAttribute("#toggle", "aria-pressed")).toBe("true");
  expect(await page.getAttribute("#password", "type")).toBe("text");
  await tab();
  await page.keyboard.type(NEW_PASSWORD);
  await tab();
  expect(order).toEqual(["password", "toggle", "confirm", "submit"]);

  await page.keyboard.press("Enter");
  await waitForHeading(strings.successTitle);
  expect(await focusedId()).toBe("message-title");
});

describe("the second demo product (Other Widget, German by default)", () => {
  const WIDGET_CLIENT = { id: "other-widget-app", secret: "other-client-secret" };
  const WIDGET_PASSWORD = "widgets-whirr-at-dawn-7";

  test("the second product's link opens its own page: its brand, language and policy", async () => {
    // Asked for by the app without a language: the product's default (German) is used.
    const response = await requestReset("alice@example.com", { productId: "other-widget-67890" });
    expect(response.status).toBe(200);
    const [mail] = await waitForMail("alice@example.com");
    expect(mail.from).toBe("hello@other-widget.example");

    await screenshotMail(mail, "other-product-email");

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

    await page.fill("#password", WIDGET_PASSWORD);
    await page.fill("#confirm", WIDGET_PASSWORD);
    await screenshot(page, "other-product-form");
    await page.click("#submit");
    await page
      .locator("h1", { hasText: de.page.successTitle })
      .waitFor({ state: "visible", timeout: STATE_TIMEOUT });
    expect(await page.textContent("#message-body")).toContain("Other Widget");
    await screenshot(page, "other-product-success");

    // The widget's alice has the new password; the lamp's alice keeps hers.
    expect(await particleLogin("alice@example.com", WIDGET_PASSWORD, WIDGET_CLIENT)).toBe(200);
    expect(await particleLogin("alice@example.com", "correct-horse-battery")).toBe(200);
  });

  test("a link edited to name another product still shows the token's own product", async () => {
    const response = await requestReset("dave@example.com", { productId: "67890", locale: "en" });
    expect(response.status).toBe(200);
    const [mail] = await waitForMail("dave@example.com");
    const link = resetLinkFrom(mail);
    for (const product of ["99999", "12345"]) {
      await page.goto("about:blank"); // a fresh load, not a same-document fragment change
      await page.goto(link.replace(/&product=67890$/, `&product=${product}`));
      await page.locator("#password").waitFor({ state: "visible", timeout: STATE_TIMEOUT });
      expect(await page.title()).toBe(`${en.page.title} · Other Widget`);
      expect(await page.textContent("#password-policy")).toContain("10");
    }
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
});
