/**
 * What an answer of the API leads to: the form again (with an error), a retryable failure, or an
 * end state of the link. Error codes are the contract's (contract/errors.ts): a renamed code is a
 * type error here.
 */
import type { ErrorCode } from "../../functions/src/contract/errors";
import { appCheckHeaders, postJson, settle, type ApiError } from "./api-client";
import { ui } from "./dom";
import { clearPasswords, passwordField, setFieldError, setFormError, setReadOnly } from "./form";
import { forgetLink } from "./link";
import { config, page } from "./state";
import { announce, text, type PageStringKey } from "./text";
import { currentView, showMessage, showView, withBusy, type MessageSpec } from "./views";

/** Codes that end the link: nothing more to do on this page except contact support. */
const END_CODES = ["token_expired", "token_used", "token_invalid"] as const satisfies ErrorCode[];
type EndState = "success" | (typeof END_CODES)[number];

const END_STATES: Record<EndState, MessageSpec> = {
  success: { tone: "success", title: "successTitle", body: "successBody" },
  token_expired: { tone: "warning", title: "expiredTitle", body: "expiredBody", support: true },
  // usedBody names the support address itself.
  token_used: { tone: "warning", title: "usedTitle", body: "usedBody" },
  token_invalid: { tone: "error", title: "invalidTitle", body: "invalidBody", support: true },
};

/** Body text of the retryable failure view, by error code; anything else is "temporary". */
const FAILURE_BODIES: Partial<Record<ErrorCode, PageStringKey>> = {
  rate_limited: "rateLimited",
  internal: "genericError",
};

const isEndCode = (code: ErrorCode): code is (typeof END_CODES)[number] =>
  (END_CODES as readonly ErrorCode[]).includes(code);

/** Success and dead links end the flow: drop the token and the typed passwords. */
export function showEndState(state: EndState): void {
  forgetLink();
  clearPasswords();
  showMessage(END_STATES[state]);
}

/** A failure the customer can retry; `title` says what failed (checking the link, or saving). */
export function showFailure(error: ApiError, title: PageStringKey, retry: () => unknown): void {
  if (isEndCode(error.code)) return showEndState(error.code);
  showMessage({
    tone: "error",
    title,
    body: FAILURE_BODIES[error.code] ?? "temporaryBody",
    support: true,
    retry,
  });
}

export async function completeReset(button: HTMLButtonElement): Promise<void> {
  setReadOnly(true);
  const request = { token: page.link.token, password: ui.password.value };
  const outcome = await settle(
    withBusy(button, "submitting", async () =>
      postJson("complete", request, await appCheckHeaders(config())),
    ),
  );
  setReadOnly(false);
  if (outcome.error) showCompleteFailure(outcome.error);
  else showEndState("success");
}

/** Problems the customer fixes in the form; everything else leaves the form. */
function showCompleteFailure(error: ApiError): void {
  if (error.code === "weak_password") {
    if (currentView() !== "form") showView("form", { focus: false });
    setFieldError(passwordField, { message: error.message || text("weakPassword") });
    ui.password.focus();
    announce(ui.passwordError.textContent ?? "");
  } else if (error.code === "rate_limited" || error.code === "invalid_argument") {
    if (currentView() !== "form") showView("form", { focus: false });
    setFormError(text(error.code === "rate_limited" ? "rateLimited" : "genericError"));
    ui.submit.focus();
  } else {
    // Temporary failure: the link still works, and the typed passwords are kept for the retry.
    showFailure(error, "temporaryTitle", () => completeReset(ui.retry));
  }
}
