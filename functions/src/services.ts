/**
 * Everything a handler talks to, built on first use (never at import) and kept per instance.
 * Handlers receive a `Services`, so tests can hand them real or fake parts without module mocks.
 */
import type { Firestore } from "firebase-admin/firestore";
import {
  ConfigError,
  findProduct,
  getConfig,
  paramSecrets,
  type AppConfig,
  type SecretSource,
} from "./config/config";
import { getDb } from "./firestore";
import {
  createAdminVerifier,
  createJwksVerifier,
  type AppCheckVerifier,
} from "./app-check/app-check-verifier";
import type { Mailer, SendgridOptions } from "./mail/mailer";
import {
  createParticleClient,
  type ParticleClient,
  type ParticleClientOptions,
} from "./particle/particle-client";
import { recordKeys, type RecordKeys } from "./privacy/record-key";
import { createBreachedPasswords, type BreachedPasswords } from "./password/breached-passwords";
import { createTaskQueue, type TaskQueue } from "./tasks/task-queue";

export interface Services {
  config(): AppConfig;
  db(): Firestore;
  /** The client for this product (id or slug), with the product's own access token. */
  particle(productId: string): ParticleClient;
  mailer(): Promise<Mailer>;
  tasks(): TaskQueue;
  /** Keys of the per-email, per-client and mirror records (reads RECORD_KEY_SECRET). */
  recordKeys(): RecordKeys;
  appCheck(): AppCheckVerifier;
  /** Only called when `config().breachedPasswordCheck` is set. */
  breachedPasswords(): BreachedPasswords;
  now(): Date;
}

function once<T>(make: () => T): () => T {
  let value: { made: T } | undefined;
  return () => (value ??= { made: make() }).made;
}

/** Timeouts and retry pacing of the upstream clients; only tests shorten them (defaults in each). */
interface ClientTuning {
  particle?: Pick<ParticleClientOptions, "timeoutMs" | "retry">;
  mailer?: Pick<SendgridOptions, "timeoutMs">;
}

/**
 * Production wiring by default; tests swap in their own config, secrets, database, queue or
 * client tuning.
 * A secret is read only when the client that needs it is first made, so a function reads only
 * the secrets it uses (and declares in index.ts).
 */
export function createServices(
  parts: Partial<
    Pick<Services, "config" | "db" | "tasks" | "appCheck" | "breachedPasswords" | "now">
  > & {
    secrets?: SecretSource;
    tuning?: ClientTuning;
  } = {},
): Services {
  const config = parts.config ?? getConfig;
  const secret = parts.secrets ?? paramSecrets;
  // One client per product per instance; each reads its product's token secret when first made.
  const particles = new Map<string, ParticleClient>();
  const particle = (productId: string) => {
    const product = findProduct(config(), productId);
    if (!product) throw new ConfigError(`products[${productId}]`, "is not configured");
    let client = particles.get(product.productId);
    if (!client) {
      client = createParticleClient({
        apiUrl: config().particle.apiUrl,
        accessToken: secret(product.accessTokenSecret),
        ...parts.tuning?.particle,
      });
      particles.set(product.productId, client);
    }
    return client;
  };
  return {
    config,
    db: parts.db ?? getDb,
    particle,
    mailer: once(async () => {
      const { createSendgridMailer } = await import("./mail/mailer");
      return createSendgridMailer({
        apiUrl: config().sendgrid.apiUrl,
        apiKey: secret("SENDGRID_API_KEY"),
        ...parts.tuning?.mailer,
      });
    }),
    tasks: parts.tasks ?? once(createTaskQueue),
    recordKeys: once(() => recordKeys(secret("RECORD_KEY_SECRET"))),
    appCheck:
      parts.appCheck ??
      once(() => {
        const jwksUrl = config().appCheck.emulatorJwksUrl;
        const projectId = process.env.GCLOUD_PROJECT ?? "";
        return jwksUrl ? createJwksVerifier({ jwksUrl, projectId }) : createAdminVerifier();
      }),
    breachedPasswords:
      parts.breachedPasswords ??
      once(() => {
        const check = config().breachedPasswordCheck;
        if (!check) throw new Error("the breached-password check is off");
        return createBreachedPasswords({ apiUrl: check.apiUrl });
      }),
    now: parts.now ?? (() => new Date()),
  };
}

export const services = once(() => createServices());
