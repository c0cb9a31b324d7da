/**
 * The demo screen gets an App Check token from the local App Check stand-in (debug-token
 * exchange) and sends it with its callable request, so the click-through also works with
 * `ENFORCE_APP_CHECK=true npm start`. The token it sent is checked with the backend's own
 * verifier against the stand-in's key set, and nothing on the page breaks its CSP.
 */
import type { Browser, Page } from "playwright-core";
import { DEMO_APP_CHECK } from "../../dev/demo-config";
import { createJwksVerifier } from "../../functions/src/app-check/app-check-verifier";
import { en } from "../../functions/src/i18n/locales/en";
import { hostingUrl, projectId, resetAll, waitForMail } from "../support/stack";
import { launchBrowser, watchForPageProblems } from "./browser";

const appCheckUrl = process.env.STACK_APP_CHECK_URL ?? "";
let browser: Browser;
let page: Page;

beforeAll(async () => {
  browser = await launchBrowser();
});
afterAll(async () => browser.close());
beforeEach(async () => {
  await resetAll();
  page = await browser.newPage();
});
afterEach(async () => page.close());

test("the demo screen sends a verifiable App Check token with its callable request", async () => {
  const problems = watchForPageProblems(page);
  const sent: Array<string | undefined> = [];
  page.on("request", (request) => {
    if (
      request.url().endsWith("/api/callable/requestPasswordReset") &&
      request.method() === "POST"
    ) {
      sent.push(request.headers()["x-firebase-appcheck"]);
    }
  });
  await page.goto(`${hostingUrl}/`);
  await page.fill("#email", "carol@example.com");
  await page.click("#send");
  await page.locator("#result", { hasText: en.api.requestAccepted }).waitFor({ timeout: 20_000 });
  await waitForMail("carol@example.com");

  expect(sent).toHaveLength(1);
  const verifier = createJwksVerifier({ jwksUrl: `${appCheckUrl}/v1/jwks`, projectId });
  await expect(verifier.verify(sent[0] ?? "")).resolves.toEqual({ appId: DEMO_APP_CHECK.appId });
  expect(problems).toEqual([]);
});
