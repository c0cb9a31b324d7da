/**
 * Handlers driven in-process against the stack's real Firestore emulator and local Particle and
 * SendGrid servers, for rules the deployed demo configuration cannot show (several products, an
 * injected clock, short upstream timeouts). Same wiring as production: `createServices`.
 */
import { logger } from "firebase-functions";
import { DEMO_SECRETS, demoProducts, demoSettings, stackPorts } from "../../dev/demo-config";
import {
  parseConfig,
  secretsFrom,
  type AppConfig,
  type SecretSource,
} from "../../functions/src/config/config";
import type { QueueName, ResetMailTask } from "../../functions/src/contract/tasks";
import { deliverResetMail } from "../../functions/src/handlers/deliver-reset-mail";
import { createServices, type Services } from "../../functions/src/services";
import { recordKeys, type RecordKeys } from "../../functions/src/privacy/record-key";
import type { TaskQueue } from "../../functions/src/tasks/task-queue";
import {
  db,
  hostingUrl,
  mails,
  particleUrl,
  pwnedPasswordsUrl,
  resetLinkFrom,
  sendgridUrl,
  tokenFrom,
  type LogEntry,
} from "./stack";

/**
 * The demo configuration (both demo products, as the stack runs them), pointed at this stack's
 * local servers, with overrides; `productsFile` replaces the demo's products file.
 */
export function stackConfig(
  overrides: Record<string, string> = {},
  productsFile: unknown = demoProducts(stackPorts({})),
): AppConfig {
  // Secrets are not configuration: an override here would be silently ignored.
  const secret = Object.keys(overrides).find((name) => name in DEMO_SECRETS);
  if (secret) throw new Error(`${secret} is a secret: pass it with stackSecrets({ ${secret} })`);
  return parseConfig(
    {
      ...demoSettings(stackPorts({})),
      PARTICLE_API_URL: particleUrl,
      SENDGRID_API_URL: sendgridUrl,
      PWNED_PASSWORDS_API_URL: pwnedPasswordsUrl,
      RESET_PAGE_URL: `${hostingUrl}/reset`,
      ...overrides,
    },
    productsFile,
  );
}

type RecordedTask = { queue: QueueName; payload: Record<string, unknown> };

/** A task queue that only records what was enqueued. */
export function recordingTasks(): TaskQueue & { tasks: RecordedTask[] } {
  const tasks: RecordedTask[] = [];
  return {
    tasks,
    async enqueue(queue, payload) {
      tasks.push({ queue, payload });
    },
  };
}

/** The record keys of the demo stack (its RECORD_KEY_SECRET). */
export const demoRecordKeys = (): RecordKeys => recordKeys(DEMO_SECRETS.RECORD_KEY_SECRET);

/** The demo secrets (which the stack's local servers accept), with overrides. */
export function stackSecrets(overrides: Record<string, string> = {}): SecretSource {
  return secretsFrom({ ...demoSettings(stackPorts({})), ...overrides });
}

export interface InProcessOptions {
  config: AppConfig;
  /** Default: the demo secrets. */
  secrets?: SecretSource;
  now?: () => Date;
  tasks?: TaskQueue;
  /** Per-attempt timeouts for the upstream clients (production: 8 s Particle, 10 s SendGrid). */
  particleTimeoutMs?: number;
  mailTimeoutMs?: number;
}

/** Production `createServices`, with the stack's Firestore and optionally shorter timeouts. */
export function inProcessServices(options: InProcessOptions): Services {
  const { config, particleTimeoutMs, mailTimeoutMs, tasks = recordingTasks() } = options;
  return createServices({
    config: () => config,
    secrets: options.secrets ?? stackSecrets(),
    db,
    tasks: () => tasks,
    now: options.now,
    tuning: {
      // With a short timeout quick retries too, so that the test's time goes to the timeouts.
      particle: particleTimeoutMs
        ? { timeoutMs: particleTimeoutMs, retry: { baseDelayMs: 50, maxDelayMs: 200 } }
        : {},
      mailer: { timeoutMs: mailTimeoutMs },
    },
  });
}

/** Runs the real delivery task once and returns the token from the mail it sent. */
export async function deliverInProcess(
  services: Services,
  email: string,
  productId: string,
  options: { requestId?: string; attempt?: number; locale?: string } = {},
): Promise<string> {
  const before = (await mails(email)).length;
  await deliverResetMail(
    services,
    {
      requestId: options.requestId ?? crypto.randomUUID(),
      productId,
      email,
      locale: options.locale ?? "en",
      requestedAt: services.now().toISOString(),
    } satisfies ResetMailTask,
    { attempt: options.attempt ?? 1, maxAttempts: 5 },
  );
  const received = await mails(email);
  if (received.length <= before) throw new Error(`no reset mail to ${email}`);
  return tokenFrom(resetLinkFrom(received[received.length - 1]));
}

/**
 * Collects the structured events the handlers log while running in-process (instead of printing
 * them), so a suite can check them too. Call in `beforeAll`; restore with `jest.restoreAllMocks`.
 */
export function captureHandlerLogs(): LogEntry[] {
  const entries: LogEntry[] = [];
  jest.spyOn(logger, "write").mockImplementation((entry) => {
    entries.push(entry as unknown as LogEntry);
  });
  return entries;
}
