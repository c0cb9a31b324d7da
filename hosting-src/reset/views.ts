/**
 * The page's views (sections of reset.html): loading → form | message | unavailable. Every
 * change of view moves focus to its heading, so screen readers start reading there.
 */
import { ui } from "./dom";
import { page } from "./state";
import { announce, commonValues, fill, text, type PageStringKey } from "./text";

export type ViewName = "loading" | "form" | "message" | "unavailable";
export type Tone = "success" | "warning" | "error";

declare global {
  /** In the HTML standard and in Chromium and Firefox; not yet in TypeScript's DOM types. */
  interface FocusOptions {
    focusVisible?: boolean;
  }
}

export interface MessageSpec {
  tone: Tone;
  title: PageStringKey;
  body: PageStringKey;
  /** Shows the "contact support" line. */
  support?: boolean;
  /** Shows the retry button, which runs this. */
  retry?: (() => unknown) | null;
}

/**
 * Focus the script moves to a heading is a reading position, not a keyboard stop: it shows no
 * ring (browsers would, without a user gesture yet); Tab from there shows the ring as always.
 */
export function showView(name: ViewName, { focus = true }: { focus?: boolean } = {}): void {
  for (const view of document.querySelectorAll<HTMLElement>("[data-view]")) {
    view.hidden = view.dataset.view !== name;
  }
  const heading = document.querySelector<HTMLElement>(`[data-view="${name}"] h1`);
  if (focus) heading?.focus({ focusVisible: false });
}

export function currentView(): string | undefined {
  return document.querySelector<HTMLElement>("[data-view]:not([hidden])")?.dataset.view;
}

/** The message view: an end state, or a failure with a retry button when `retry` is given. */
export function showMessage({ tone, title, body, support = false, retry = null }: MessageSpec) {
  ui.messageIcon.dataset.tone = tone;
  fill(ui.messageTitle, title, commonValues());
  fill(ui.messageBody, body, commonValues());
  ui.support.hidden = !support;
  if (support) fill(ui.support, "supportLine", commonValues());
  page.retry = retry;
  ui.retry.hidden = !retry;
  showView("message");
  announce(`${ui.messageTitle.textContent}. ${ui.messageBody.textContent}`);
}

/** Without the page configuration there are no localized strings: reset.html's English stays. */
export function showUnavailable(): void {
  document.title = "Reset your password";
  showView("unavailable");
}

/** Disables a button and shows the busy text (when there is one) while a task runs. */
export async function withBusy<T>(
  button: HTMLButtonElement,
  busyKey: PageStringKey | null,
  task: () => Promise<T>,
): Promise<T> {
  const label = button.querySelector(".button-label");
  const idle = label?.textContent ?? "";
  const view = button.closest("[data-view]");
  button.disabled = true;
  button.classList.add("is-busy");
  view?.setAttribute("aria-busy", "true");
  if (busyKey && label) label.textContent = text(busyKey);
  try {
    return await task();
  } finally {
    button.disabled = false;
    button.classList.remove("is-busy");
    view?.removeAttribute("aria-busy");
    if (label) label.textContent = idle;
  }
}
