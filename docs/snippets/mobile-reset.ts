// React Native / web: the in-app password reset with the Firebase JS SDK (modular, v9+).
// docs/mobile.md shows this file as it is, and test/emulator/mobile-reset.test.ts runs it.
import { initializeApp, type FirebaseOptions } from "firebase/app";
import { initializeAppCheck, type AppCheckOptions } from "firebase/app-check";
import { FunctionsError, getFunctions, httpsCallable, type Functions } from "firebase/functions";

// Where the backend's functions run (functions/src/config/region.ts).
const REGION = "us-central1";

// Firebase with App Check, which the backend enforces with ENFORCE_APP_CHECK=true.
// On the web e.g. `new ReCaptchaEnterpriseProvider(siteKey)`.
export function startFirebase(
  options: FirebaseOptions,
  appCheckProvider: AppCheckOptions["provider"],
): Functions {
  const app = initializeApp(options);
  // Each call gets a token from the provider when it needs one (no background refresh).
  initializeAppCheck(app, { provider: appCheckProvider });
  return getFunctions(app, REGION);
}

// What verifyPasswordReset tells the app about a live link.
export interface ResetLink {
  email: string; // masked: "a•••@example.com"
  productName: string;
  expiresAt: string; // ISO 8601
  locale: string; // the language of the mail; answers come in it too
  passwordPolicy: { minLength: number; maxLength: number };
}

export function passwordReset(functions: Functions) {
  return {
    request: httpsCallable<{ email: string; locale?: string }, { ok: true; message: string }>(
      functions,
      "requestPasswordReset",
    ),
    verify: httpsCallable<{ token: string }, ResetLink>(functions, "verifyPasswordReset"),
    complete: httpsCallable<{ token: string; password: string }, { ok: true }>(
      functions,
      "completePasswordReset",
    ),
  };
}

// The link in the mail is https://<your site>/reset#token=…&lang=…&product=…
// The token is in the fragment (never sent to a server); read it without URL's getters,
// which React Native does not implement.
export function tokenFromLink(link: string): string | null {
  const hash = link.indexOf("#");
  if (hash < 0) return null;
  for (const pair of link.slice(hash + 1).split("&")) {
    const [key, value] = pair.split("=");
    if (key === "token" && value) return decodeURIComponent(value);
  }
  return null;
}

// Decide by the stable machine code in `details.code`, never by the message's wording.
export type NextStep =
  | "fix_input" // invalid_argument: the message names the field
  | "choose_another_password" // weak_password: the message says why
  | "request_new_link" // token_invalid, token_expired, token_used
  | "wait" // rate_limited: details.retryAfterSeconds
  | "retry_later"; // upstream_unavailable (the link still works), anything else

export function nextStep(error: unknown): NextStep {
  const details = error instanceof FunctionsError ? error.details : undefined;
  const code = (details as { code?: string } | undefined)?.code;
  switch (code) {
    case "invalid_argument":
      return "fix_input";
    case "weak_password":
      return "choose_another_password";
    case "token_invalid":
    case "token_expired":
    case "token_used":
      return "request_new_link";
    case "rate_limited":
      return "wait";
    default:
      return "retry_later";
  }
}

// The message is in the customer's language; the SDK appends the HTTP status (" [400]").
export function messageOf(error: unknown): string {
  return error instanceof Error ? error.message.replace(/ \[\d{3}\]$/, "") : "";
}

// The OS opened the app with a reset link (Universal Link / App Link): check it, ask for the
// new password (twice, in your UI) until the backend accepts one, and say how it ended.
export async function finishReset(
  reset: ReturnType<typeof passwordReset>,
  link: string,
  askNewPassword: (link: ResetLink, problem?: string) => Promise<string>,
): Promise<"done" | NextStep> {
  const token = tokenFromLink(link);
  if (!token) return "request_new_link";
  try {
    const { data } = await reset.verify({ token });
    let problem: string | undefined;
    for (;;) {
      const password = await askNewPassword(data, problem);
      try {
        await reset.complete({ token, password });
        return "done";
      } catch (error) {
        if (nextStep(error) !== "choose_another_password") throw error;
        problem = messageOf(error);
      }
    }
  } catch (error) {
    return nextStep(error);
  }
}
