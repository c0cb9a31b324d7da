/**
 * Wiring only: each trigger loads its handler on first call, so a cold start of one function
 * doesn't pay for the others' dependencies.
 */
// The options module alone: "firebase-functions/v2" loads every v2 trigger type (~160 modules).
import { setGlobalOptions } from "firebase-functions/v2/options";
import { onCall, onRequest } from "firebase-functions/v2/https";
import { onTaskDispatched } from "firebase-functions/v2/tasks";
import { enforceAppCheck, recordKeySecret, sendgridApiKey } from "./config/params";
import { particleTokenSecrets } from "./config/token-secrets";
import { REGION } from "./config/region";
import { guardCallable } from "./http/callable-guard";
import type { TaskHandler } from "./tasks/task";
import type { QueueName } from "./contract/tasks";
import type { CallableName } from "./contract/api";
import { QUEUES } from "./tasks/queues";

// Every function's region, memory, instances, timeout and secrets are explicit (and checked
// against the deploy manifest in test/unit/deploy/manifest.test.ts). Invokers, as
// firebase-tools applies them (lib/deploy/functions/release/fabricator.js):
// - callables are always made public; their manifest entry has no invoker to set;
// - `api` says "public" (the default for onRequest) because Hosting's rewrite calls it;
// - task functions set none, so they stay private and a deploy leaves their Cloud Run IAM
//   policy alone. An explicit "private" would make every re-deploy replace the service's
//   Run Invoker binding with an empty one (and clear the queue's Enqueuer binding), undoing
//   the grant the tasks' service account needs (README, "Deploy").
setGlobalOptions({ region: REGION, maxInstances: 20, memory: "256MiB" });

/**
 * The shared PARTICLE_ACCESS_TOKEN and every product's own token secret (products file): read
 * here, when firebase-tools loads this file to learn what each function declares, because a
 * function may read only the secrets it declares. Given to every function that calls Particle.
 */
const particleTokens = particleTokenSecrets();

const MAIL_RETRY = {
  maxAttempts: 5,
  minBackoffSeconds: 1,
  maxBackoffSeconds: 300,
  maxDoublings: 8,
};

/**
 * A callable for the apps, twin of a JSON endpoint (contract/api.ts CALLABLES), all with the
 * same App Check setting. Guarded: the SDK answers some hostile bodies with a 500 and logs them,
 * and its CORS is off because the guard applies ALLOWED_ORIGINS itself (see callable-guard).
 */
function resetCallable(
  name: CallableName,
  options: { timeoutSeconds: number; secrets: Array<typeof recordKeySecret> },
) {
  return guardCallable(
    onCall({ enforceAppCheck, cors: false, ...options }, async (request) => {
      const { handleCallable } = await import("./http/callable");
      return handleCallable(name, request);
    }),
  );
}

export const requestPasswordReset = resetCallable("requestPasswordReset", {
  secrets: [recordKeySecret],
  timeoutSeconds: 30,
});

export const verifyPasswordReset = resetCallable("verifyPasswordReset", {
  secrets: [recordKeySecret],
  timeoutSeconds: 30,
});

// Like `api`: completion calls Particle (8 s per attempt, with retries) before it answers.
export const completePasswordReset = resetCallable("completePasswordReset", {
  secrets: [...particleTokens, recordKeySecret],
  timeoutSeconds: 60,
});

/** The Universal Links / App Links association files, behind Hosting rewrites (firebase.json). */
export const appLinks = onRequest({ invoker: "public", timeoutSeconds: 10 }, async (req, res) => {
  const [{ createWellKnownHandler }, { getConfig }] = await Promise.all([
    import("./http/well-known"),
    import("./config/config"),
  ]);
  createWellKnownHandler(getConfig)(req, res);
});

export const api = onRequest(
  // Completion calls Particle (8 s per attempt, with retries) before it answers.
  { secrets: [...particleTokens, recordKeySecret], invoker: "public", timeoutSeconds: 60 },
  async (req, res) => {
    const [{ createApiHandler }, { services }] = await Promise.all([
      import("./http/api"),
      import("./services"),
    ]);
    await createApiHandler(services)(req, res);
  },
);

/**
 * A mail-sending task queue: Cloud Tasks retries it with backoff while the handler throws. Its
 * timeout stays below the dispatch deadline its tasks are enqueued with (tasks/queues.ts).
 */
function mailQueue(
  queue: QueueName,
  secrets: Array<typeof sendgridApiKey>,
  loadHandler: () => Promise<TaskHandler>,
) {
  return onTaskDispatched(
    {
      secrets,
      timeoutSeconds: QUEUES[queue].timeoutSeconds,
      retryConfig: MAIL_RETRY,
      rateLimits: { maxConcurrentDispatches: 20 },
    },
    async (request) => {
      const [handle, { runTask }] = await Promise.all([
        loadHandler(),
        import("./tasks/task-runner"),
      ]);
      await runTask(handle, request.data, {
        attempt: request.retryCount + 1,
        maxAttempts: MAIL_RETRY.maxAttempts,
      });
    },
  );
}

export const deliverResetMail = mailQueue(
  "deliverResetMail",
  [...particleTokens, sendgridApiKey, recordKeySecret],
  async () => (await import("./handlers/deliver-reset-mail")).deliverResetMail,
);

/** The background full sync of the customer mirror, one chunk of pages per task. */
export const syncCustomerMirror = onTaskDispatched(
  {
    secrets: [...particleTokens, recordKeySecret],
    retryConfig: MAIL_RETRY,
    // One chunk at a time per deployment: together with the pacing inside, that keeps the sync
    // within its share of Particle's rate budget.
    rateLimits: { maxConcurrentDispatches: 1 },
    memory: "512MiB",
    timeoutSeconds: QUEUES.syncCustomerMirror.timeoutSeconds,
  },
  async (request) => {
    const [{ syncCustomerMirror: handle }, { runTask }] = await Promise.all([
      import("./handlers/sync-customer-mirror"),
      import("./tasks/task-runner"),
    ]);
    await runTask(handle, request.data, {
      attempt: request.retryCount + 1,
      maxAttempts: MAIL_RETRY.maxAttempts,
    });
  },
);

export const deliverPasswordChangedMail = mailQueue(
  "deliverPasswordChangedMail",
  [sendgridApiKey],
  async () => (await import("./handlers/deliver-password-changed-mail")).deliverPasswordChangedMail,
);
