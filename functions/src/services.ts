/**
 * Everything a handler talks to, built on first use (never at import) and kept per instance.
 * Handlers receive a `Services`, so tests can hand them real or fake parts without module mocks.
 */
import type { Firestore } from "firebase-admin/firestore";
import { getConfig, requireSecret, type AppConfig } from "./config/config";
import { getDb } from "./firestore";
import type { Mailer } from "./mail/mailer";
import { createParticleClient, type ParticleClient } from "./particle/particle-client";
import { createTaskQueue, type TaskQueue } from "./tasks/task-queue";

export interface Services {
  config(): AppConfig;
  db(): Firestore;
  particle(): ParticleClient;
  mailer(): Promise<Mailer>;
  tasks(): TaskQueue;
  now(): Date;
}

function once<T>(make: () => T): () => T {
  let value: { made: T } | undefined;
  return () => (value ??= { made: make() }).made;
}

/** Production wiring by default; tests swap in their own config, database or queue. */
export function createServices(
  parts: Partial<Pick<Services, "config" | "db" | "tasks" | "now">> = {},
): Services {
  const config = parts.config ?? getConfig;
  const particle = once(() => {
    const { particle } = config();
    return createParticleClient({
      apiUrl: particle.apiUrl,
      accessToken: requireSecret(particle.accessToken, "PARTICLE_ACCESS_TOKEN"),
    });
  });
  return {
    config,
    db: parts.db ?? getDb,
    particle,
    mailer: once(async () => {
      const { sendgrid } = config();
      const { createSendgridMailer } = await import("./mail/mailer");
      return createSendgridMailer({
        apiUrl: sendgrid.apiUrl,
        apiKey: requireSecret(sendgrid.apiKey, "SENDGRID_API_KEY"),
      });
    }),
    tasks: parts.tasks ?? once(createTaskQueue),
    now: parts.now ?? (() => new Date()),
  };
}

export const services = once(() => createServices());
