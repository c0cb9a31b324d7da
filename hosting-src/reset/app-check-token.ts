/**
 * The reset page's App Check, a chunk of its own (the only third-party code the page may load,
 * scripts/build-hosting.ts): imported only when the page config says ENFORCE_APP_CHECK is on,
 * so the page stays small and dependency-free when it is off.
 */
import { initializeApp, type FirebaseApp } from "firebase/app";
import { appCheckToken } from "../app-check";
import { firebaseConfig } from "../firebase-config";

let app: Promise<FirebaseApp> | undefined;

/** A token for `X-Firebase-AppCheck`, or null when none could be had (the backend refuses then). */
export async function resetPageAppCheckToken(
  recaptchaSiteKey: string | null,
): Promise<string | null> {
  app ??= firebaseConfig().then((options) => initializeApp(options));
  return appCheckToken(await app, recaptchaSiteKey);
}
