/**
 * Chromium for the browser tests: the system's (apt-get install chromium) since Playwright cannot
 * download its own browsers on these machines; Playwright's own only as a fallback.
 */
import { existsSync, mkdirSync } from "node:fs";
import path from "node:path";
import { chromium, type Browser, type Page } from "playwright-core";

const SYSTEM_CHROMIUMS = [
  "/usr/bin/chromium",
  "/usr/bin/chromium-browser",
  "/usr/bin/google-chrome",
];
const CHROMIUM_ARGS = [
  "--headless",
  "--no-sandbox",
  "--disable-gpu",
  "--disable-quic",
  "--disable-background-networking",
  "--disable-component-update",
  "--disable-sync",
  "--no-first-run",
];

export const SCREENSHOT_DIR = path.resolve(__dirname, "../../test-artifacts/screenshots");

export function chromiumPath(): string | undefined {
  return process.env.CHROMIUM_PATH || SYSTEM_CHROMIUMS.find((candidate) => existsSync(candidate));
}

export async function launchBrowser(): Promise<Browser> {
  const executablePath = chromiumPath();
  if (executablePath) return chromium.launch({ executablePath, args: CHROMIUM_ARGS });
  try {
    return await chromium.launch({ args: CHROMIUM_ARGS });
  } catch (error) {
    const cause = error instanceof Error ? error.message.split("\n")[0] : String(error);
    throw new Error(
      `No Chromium found (set CHROMIUM_PATH, or looked in ${SYSTEM_CHROMIUMS.join(", ")}) and ` +
        `Playwright has no browser of its own. Install one: apt-get install chromium. (${cause})`,
    );
  }
}

/** Saves a full-page screenshot as test-artifacts/screenshots/<name>.png. */
export async function screenshot(page: Page, name: string): Promise<string> {
  mkdirSync(SCREENSHOT_DIR, { recursive: true });
  const file = path.join(SCREENSHOT_DIR, `${name}.png`);
  await page.screenshot({ path: file, fullPage: true });
  return file;
}

/**
 * Collects what must never happen on our pages: uncaught exceptions and CSP violations (which
 * Chromium reports only on the console). HTTP error statuses the page handles are not collected.
 */
export function watchForPageProblems(page: Page): string[] {
  const problems: string[] = [];
  page.on("pageerror", (error) => problems.push(`uncaught: ${error.message}`));
  page.on("console", (message) => {
    if (/Content Security Policy/i.test(message.text())) problems.push(`csp: ${message.text()}`);
  });
  return problems;
}
