import { getApps, initializeApp, type App } from "firebase-admin/app";

/**
 * The name firebase-admin gives tasks in the Cloud Tasks emulator once its metadata-server lookup
 * of the service account has failed, which it retries on every enqueue (~15 ms each). Naming it up
 * front skips the lookup; deployed, the lookup succeeds once and is cached.
 */
const EMULATED_SERVICE_ACCOUNT = "emulated-service-acct@email.com";

/** The Admin SDK app, initialised on first use so cold starts don't pay for it up front. */
export function adminApp(): App {
  return (
    getApps()[0] ??
    initializeApp(
      process.env.CLOUD_TASKS_EMULATOR_HOST
        ? { serviceAccountId: EMULATED_SERVICE_ACCOUNT }
        : undefined,
    )
  );
}
