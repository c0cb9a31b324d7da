/**
 * The demo "forgot password" screen. It stands in for the product's mobile app and calls the same
 * callable function an app would, through the Firebase JS SDK. Bundled by scripts/build-hosting.ts.
 */
import { initializeApp } from "firebase/app";
import { getFunctions, httpsCallableFromURL, type HttpsCallable } from "firebase/functions";
import type { CallableData, CallableResult } from "../functions/src/contract/api";
import type { ErrorCode } from "../functions/src/contract/errors";
import { CALLABLE_PATHS } from "../functions/src/contract/paths";
import { setUpAppCheck } from "./app-check";
import { firebaseConfig } from "./firebase-config";

type RequestData = CallableData<"requestPasswordReset">;
type RequestResult = CallableResult<"requestPasswordReset">;

const LOCAL_HOSTS = ["127.0.0.1", "localhost"];

const MESSAGES = {
  invalidEmail: "Enter a valid email address, like name@example.com.",
  failed: "We couldn’t send the link right now. Please try again in a moment.",
  sending: "Sending…",
};

type RequestCallable = HttpsCallable<RequestData, RequestResult>;

function byId<T extends HTMLElement>(id: string): T {
  return document.getElementById(id) as T;
}

const ui = {
  form: byId<HTMLFormElement>("request-form"),
  email: byId<HTMLInputElement>("email"),
  emailError: byId("email-error"),
  send: byId<HTMLButtonElement>("send"),
  sendLabel: byId("send-label"),
  result: byId("result"),
  localDemo: byId("local-demo"),
  productPicker: byId("product-picker"),
};

async function createCallable(): Promise<RequestCallable> {
  const app = initializeApp(await firebaseConfig());
  // Before the first call: the SDK then sends the App Check token with every call.
  await setUpAppCheck(app);
  const url = new URL(CALLABLE_PATHS.requestPasswordReset, location.origin).href;
  return httpsCallableFromURL<RequestData, RequestResult>(getFunctions(app), url, {
    timeout: 20_000,
  });
}

/** `?product=` and `?lang=` let the demo stand in for apps of other products and languages. */
function requestData(email: string): RequestData {
  const query = new URLSearchParams(location.search);
  const productId = query.get("product");
  const locale = (query.get("lang") || navigator.language || "en").split("-")[0].toLowerCase();
  // Omitted rather than undefined: the SDK would send undefined as null, which is not optional.
  return productId ? { email, productId, locale } : { email, locale };
}

function showEmailError(message: string): void {
  ui.emailError.textContent = message;
  if (message) ui.email.setAttribute("aria-invalid", "true");
  else ui.email.removeAttribute("aria-invalid");
}

function showResult(tone: "success" | "error", message: string): void {
  ui.result.dataset.tone = tone;
  ui.result.textContent = message;
}

const idleLabel = ui.sendLabel.textContent;

function setBusy(busy: boolean): void {
  ui.send.disabled = busy;
  ui.send.classList.toggle("is-busy", busy);
  ui.form.setAttribute("aria-busy", String(busy));
  ui.sendLabel.textContent = busy ? MESSAGES.sending : idleLabel;
}

/** The contract's machine code, which the callable sends as the error's `details.code`. */
function errorCode(error: unknown): ErrorCode | undefined {
  const details = typeof error === "object" && error && "details" in error && error.details;
  return typeof details === "object" && details && "code" in details
    ? (details.code as ErrorCode)
    : undefined;
}

/**
 * The server's message as it sent it: the JS SDK appends the HTTP status, as in "… [429]"
 * (`_errorForResponse` in @firebase/functions).
 */
function serverMessage(error: Error): string {
  return error.message.replace(/ \[\d{3}\]$/, "");
}

/**
 * The server answers the same for every email, so only input and rate-limit errors are shown;
 * the rate limit in the server's words, from the catalogue in the language the request asked.
 */
function showRequestError(error: unknown): void {
  const code = errorCode(error);
  if (code === "invalid_argument") {
    showEmailError(MESSAGES.invalidEmail);
    ui.email.focus();
  } else if (code === "rate_limited" && error instanceof Error && error.message) {
    showResult("error", serverMessage(error));
  } else {
    showResult("error", MESSAGES.failed);
  }
}

async function onSubmit(event: SubmitEvent, callable: Promise<RequestCallable>): Promise<void> {
  event.preventDefault();
  showResult("success", "");
  const email = ui.email.value.trim();
  if (!ui.email.checkValidity() || !email) {
    showEmailError(MESSAGES.invalidEmail);
    ui.email.focus();
    return;
  }
  showEmailError("");
  setBusy(true);
  try {
    const { data } = await (await callable)(requestData(email));
    showResult("success", data.message);
  } catch (error) {
    showRequestError(error);
  } finally {
    setBusy(false);
  }
}

/** The demo's product picker: marks the product this screen asks for (none named: the first). */
function markPickedProduct(): void {
  const picked = new URLSearchParams(location.search).get("product");
  const links = Array.from(ui.productPicker.querySelectorAll<HTMLAnchorElement>("a[data-product]"));
  const current =
    links.find((link) => link.dataset.product === picked) ?? (picked ? null : links[0]);
  for (const link of links) {
    if (link === current) link.setAttribute("aria-current", "page");
    else link.removeAttribute("aria-current");
  }
}

function init(): void {
  ui.localDemo.hidden = !LOCAL_HOSTS.includes(location.hostname);
  markPickedProduct();
  const callable = createCallable();
  ui.form.addEventListener("submit", (event) => void onSubmit(event, callable));
  ui.email.addEventListener("input", () => {
    if (ui.email.hasAttribute("aria-invalid") && ui.email.checkValidity()) showEmailError("");
  });
}

init();
