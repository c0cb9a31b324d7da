/**
 * The reset page under App Check enforcement: its page config says whether verify and complete
 * need a token, and only then does the page load its App Check chunk and send
 * `X-Firebase-AppCheck` (a token from the stack's App Check stand-in, through the debug-token
 * exchange, as the demo screen gets its own). With enforcement on, the page's API calls go to the
 * deployed functions served with ENFORCE_APP_CHECK=true (test/support/enforcing-functions.ts),
 * which verify the token themselves: the reset completing is the backend accepting it.
 */
import type { Browser, Page } from "playwright-core";
import { DEMO_APP_CHECK } from "../../dev/demo-config";
import { createJwksVerifier } from "../../functions/src/app-check/app-check-verifier";
import { ENDPOINT_PATHS } from "../../functions/src/contract/paths";
import { en } from "../../functions/src/i18n/locales/en";
import { serveEnforcingFunctions, type EnforcingFunctions } from "../support/enforcing-functions";
import {
  hostingUrl,
  particleLogin,
  projectId,
  requestReset,
  resetAll,
  resetLinkFrom,
  waitForMail,
} from "../support/stack";
import { launchBrowser, watchForPageProblems } from "./browser";

const NEW_PASSWORD = "amber-lamp-glows-at-dusk";
const STATE_TIMEOUT = 20_000;
const appCheckUrl = process.env.STACK_APP_CHECK_URL ?? "";

let browser: Browser;
let enforcing: EnforcingFunctions;
let page: Page;
let problems: string[];
/** Every request the page made, and the App Check header of each API call. */
let requested: string[];
let apiCalls: Array<{ path: string; appCheck: string | undefined; status: number }>;

beforeAll(async () => {
  browser = await launchBrowser();
  enforcing = await serveEnforcingFunctions();
});
afterAll(async () => {
  await browser?.close();
  await enforcing?.close();
});
beforeEach(async () => {
  await resetAll();
  page = await browser.newPage({ locale: "en-US" });
  problems = watchForPageProblems(page);
  requested = [];
  apiCalls = [];
  page.on("request", (request) => requested.push(request.url()));
  page.on("response", (response) => {
    const request = response.request();
    const { pathname } = new URL(request.url());
    if (!pathname.startsWith("/api/")) return;
    const appCheck = request.headers()["x-firebase-appcheck"];
    apiCalls.push({ path: pathname, appCheck, status: response.status() });
  });
});
afterEach(async () => {
  await page.close();
  expect(problems).toEqual([]);
});

/** Hands the page's API calls to the enforcing functions, as Hosting's rewrite would. */
async function routeApiToEnforcingFunctions(): Promise<void> {
  await page.route(`${hostingUrl}/api/**`, async (route) => {
    const { pathname, search } = new URL(route.request().url());
    const response = await route.fetch({ url: `${enforcing.url}${pathname}${search}` });
    await route.fulfill({ response });
  });
}

/** Opens the mailed link, chooses a new password and waits for the success message. */
async function resetThroughPage(email: string): Promise<void> {
  expect((await requestReset(email)).status).toBe(200);
  const [mail] = await waitForMail(email);
  await page.goto(resetLinkFrom(mail));
  await page.locator("#password").waitFor({ state: "visible", timeout: STATE_TIMEOUT });
  await page.fill("#password", NEW_PASSWORD);
  await page.fill("#confirm", NEW_PASSWORD);
  await page.click("#submit");
  await page
    .locator("h1", { hasText: en.page.successTitle })
    .waitFor({ state: "visible", timeout: STATE_TIMEOUT });
  // The "password changed" notice, so that it cannot land in the next test's inbox.
  await waitForMail(email, 2);
}

const callsTo = (path: string) => apiCalls.filter((call) => call.path === path);
const appCheckChunks = () =>
  requested.filter((url) => /\/assets\/chunks\/app-check-token-/.test(url));

test("with ENFORCE_APP_CHECK=true the page sends a token the backend accepts on verify and complete, and the reset goes through", async () => {
  await routeApiToEnforcingFunctions();
  await resetThroughPage("alice@example.com");

  expect(await particleLogin("alice@example.com", NEW_PASSWORD)).toBe(200);
  // The page config is read before any token exists: unguarded.
  expect(callsTo(ENDPOINT_PATHS.pageConfig.path)).toEqual([
    { path: ENDPOINT_PATHS.pageConfig.path, appCheck: undefined, status: 200 },
  ]);
  const checked = [
    ...callsTo(ENDPOINT_PATHS.verify.path),
    ...callsTo(ENDPOINT_PATHS.complete.path),
  ];
  expect(checked.map(({ path, status }) => [path, status])).toEqual([
    [ENDPOINT_PATHS.verify.path, 200],
    [ENDPOINT_PATHS.complete.path, 200],
  ]);
  const verifier = createJwksVerifier({ jwksUrl: `${appCheckUrl}/v1/jwks`, projectId });
  for (const { appCheck } of checked) {
    await expect(verifier.verify(appCheck ?? "")).resolves.toEqual({
      appId: DEMO_APP_CHECK.appId,
    });
  }
  expect(appCheckChunks()).toHaveLength(1);
});

test("with enforcement off the page sends no App Check token and never loads the App Check chunk", async () => {
  await resetThroughPage("alice@example.com");

  expect(await particleLogin("alice@example.com", NEW_PASSWORD)).toBe(200);
  expect(apiCalls.map(({ path, appCheck, status }) => [path, appCheck, status])).toEqual([
    [ENDPOINT_PATHS.pageConfig.path, undefined, 200],
    [ENDPOINT_PATHS.verify.path, undefined, 200],
    [ENDPOINT_PATHS.complete.path, undefined, 200],
  ]);
  expect(appCheckChunks()).toEqual([]);
  // Nor asks the stack for its debug token, nor any App Check service.
  expect(requested.filter((url) => /app-check|appcheck/i.test(url))).toEqual([]);
});
