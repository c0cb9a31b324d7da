/**
 * SendGrid's Event Webhook: verify the signature, then record each of our mails' delivery events
 * on its reset's record (`resetTokens/{hash}`, field `sendgrid.reset` or `sendgrid.changed`),
 * matched by the custom args the mailer set. Events of other mails (no or unknown custom args)
 * are counted and dropped without a read or a write. Per post: one read per record named, at most
 * one write per record that changed, in batches; a replayed post reads and writes nothing new.
 */
import type { DocumentReference, Firestore } from "firebase-admin/firestore";
import { log } from "../log";
import {
  MAX_SENDGRID_EVENTS,
  SENDGRID_CUSTOM_ARGS,
  sendgridEvent,
  sendgridEventBatch,
  type SendgridEventsResult,
} from "../contract/api";
import { parseInput } from "../contract/parse";
import { ResetError } from "../errors";
import { COLLECTIONS, retryOnConflict } from "../firestore";
import {
  isRecordedEvent,
  mergeEvents,
  readMailEvents,
  type IncomingEvent,
  type RecordedEvent,
} from "../mail/delivery-events";
import { signatureProblem, SIGNATURE_HEADER, TIMESTAMP_HEADER } from "../mail/event-signature";
import type { MailKind } from "../mail/mail-args";
import type { Services } from "../services";

const MAIL_KINDS: readonly MailKind[] = ["reset", "changed"];

/** Above SendGrid's 768 kB batches (see contract/api.ts), below anything that strains a function. */
export const MAX_WEBHOOK_BYTES = 1024 * 1024;

/** Firestore takes at most 500 writes per batch; one write per record. */
const RECORDS_PER_BATCH = 500;

const TOKEN_HASH = /^[0-9a-f]{64}$/;

export interface WebhookPost {
  rawBody?: Buffer;
  headers: Record<string, string | string[] | undefined>;
}

function reject(reason: string, error: ResetError): never {
  log.warn("sendgrid.webhook_rejected", { reason });
  throw error;
}

const header = (post: WebhookPost, name: string) => {
  const value = post.headers[name];
  return Array.isArray(value) ? undefined : value;
};

/** The events of our mails, grouped by record and mail; the rest is only counted. */
function groupEvents(events: unknown[]) {
  const byRecord = new Map<string, Map<MailKind, IncomingEvent[]>>();
  let ignored = 0;
  for (const raw of events) {
    const parsed = sendgridEvent.safeParse(raw);
    const event = parsed.success ? parsed.data : undefined;
    const record = event?.[SENDGRID_CUSTOM_ARGS.record];
    const mail = event?.[SENDGRID_CUSTOM_ARGS.mail] as MailKind | undefined;
    if (
      !event ||
      !isRecordedEvent(event.event) ||
      typeof record !== "string" ||
      !TOKEN_HASH.test(record) ||
      !MAIL_KINDS.includes(mail!)
    ) {
      ignored += 1;
      continue;
    }
    const mails = byRecord.get(record) ?? new Map<MailKind, IncomingEvent[]>();
    byRecord.set(record, mails);
    const list = mails.get(mail!) ?? [];
    mails.set(mail!, list);
    list.push({
      event: event.event,
      at: Math.floor(event.timestamp),
      id: event.sg_event_id ?? "",
      type: event.type,
      status: event.status,
      reason: event.reason,
    });
  }
  return { byRecord, ignored };
}

interface Noted {
  productId: unknown;
  tokenRef: string;
  mail: MailKind;
  added: RecordedEvent[];
  failure?: { type?: string; status?: string };
}

/** One batch of records: read them, merge, write the changed ones if nobody wrote meanwhile. */
async function applyChunk(
  db: Firestore,
  chunk: Array<[string, Map<MailKind, IncomingEvent[]>]>,
): Promise<Noted[]> {
  const refs: DocumentReference[] = chunk.map(([hash]) =>
    db.collection(COLLECTIONS.tokens).doc(hash),
  );
  return retryOnConflict(async () => {
    const snapshots = await db.getAll(...refs);
    const batch = db.batch();
    const noted: Noted[] = [];
    snapshots.forEach((snapshot, i) => {
      // A record TTL removed (or never ours): nothing to write, and nothing to create.
      if (!snapshot.exists) return;
      const update: Record<string, unknown> = {};
      for (const [mail, events] of chunk[i][1]) {
        const merged = mergeEvents(readMailEvents(snapshot.get(`sendgrid.${mail}`)), events);
        if (!merged.changed) continue;
        update[`sendgrid.${mail}`] = merged.next;
        noted.push({
          productId: snapshot.get("productId"),
          tokenRef: snapshot.id.slice(0, 12),
          mail,
          added: merged.added,
          failure: merged.next?.failure,
        });
      }
      if (Object.keys(update).length > 0) {
        batch.update(snapshot.ref, update, { lastUpdateTime: snapshot.updateTime! });
      }
    });
    if (noted.length > 0) {
      try {
        await batch.commit();
      } catch (error) {
        // A record deleted since the read (NOT_FOUND): read again, like any other change.
        if ((error as { code?: unknown }).code === 5)
          throw Object.assign(error as Error, { code: 9 });
        throw error;
      }
    }
    return noted;
  });
}

/** Logs what an operator counts (bounces, drops, spam reports): once per mail, when first seen. */
function logNoted(noted: Noted[]): void {
  for (const { productId, tokenRef, mail, added, failure } of noted) {
    const fields = { productId, tokenRef, mail };
    if (added.includes("bounce")) {
      log.warn("mail.bounced", { ...fields, bounceType: failure?.type, status: failure?.status });
    }
    if (added.includes("dropped")) log.warn("mail.dropped", fields);
    if (added.includes("spamreport")) log.warn("mail.spam_report", fields);
  }
}

export async function recordSendgridEvents(
  services: Services,
  post: WebhookPost,
): Promise<SendgridEventsResult> {
  const rawBody = post.rawBody ?? Buffer.alloc(0);
  if (rawBody.length > MAX_WEBHOOK_BYTES) {
    reject("too_large", new ResetError("payload_too_large", "payloadTooLarge"));
  }
  const problem = await signatureProblem(
    services.config().sendgrid.webhookPublicKey,
    {
      rawBody,
      signature: header(post, SIGNATURE_HEADER),
      timestamp: header(post, TIMESTAMP_HEADER),
    },
    services.now(),
  );
  if (problem) reject(problem, new ResetError("signature_invalid", "signatureInvalid"));

  // The verified bytes, not the framework's parse of them, are what we read.
  let body: unknown;
  try {
    body = JSON.parse(rawBody.toString("utf8"));
  } catch {
    reject("malformed", invalidBody());
  }
  if (Array.isArray(body) && body.length > MAX_SENDGRID_EVENTS) {
    reject("too_many_events", new ResetError("payload_too_large", "payloadTooLarge"));
  }
  let events: unknown[];
  try {
    events = parseInput(sendgridEventBatch, body);
  } catch (error) {
    reject("malformed", error as ResetError);
  }

  const { byRecord, ignored } = groupEvents(events);
  const records = [...byRecord];
  const db = services.db();
  const noted: Noted[] = [];
  try {
    for (let start = 0; start < records.length; start += RECORDS_PER_BATCH) {
      noted.push(...(await applyChunk(db, records.slice(start, start + RECORDS_PER_BATCH))));
    }
  } catch (error) {
    if (error instanceof ResetError) throw error;
    // Firestore failing: SendGrid retries what got no 2xx, and recording again is harmless.
    log.warn("sendgrid.webhook_rejected", { reason: "store_failed", recorded: noted.length });
    throw new ResetError("upstream_unavailable", "upstreamUnavailable", { retryAfterSeconds: 60 });
  }
  logNoted(noted);
  log.info("sendgrid.events_recorded", {
    received: events.length,
    records: records.length,
    recorded: noted.length,
    ignored,
  });
  return { ok: true, received: events.length, recorded: noted.length };
}

const invalidBody = () =>
  new ResetError("invalid_argument", "fieldInvalid", { params: { field: "request" } });
