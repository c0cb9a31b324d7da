/**
 * What SendGrid's events say about one mail, merged so that order and repetition don't matter:
 * SendGrid "may repeat" events and posts them in batches from many servers, so they arrive out of
 * order (https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/twilio-sendgrid-event-webhook-overview,
 * "Duplicate events"). The record keeps, per event type, the time of its first occurrence (a
 * minimum) and the details of the first bounce or drop (the earliest by time, then by
 * `sg_event_id`, then by content); its state is the event type of highest precedence seen (a maximum). Merging is
 * therefore commutative, associative and idempotent: a replayed or late event changes nothing,
 * and nothing needs a list of seen event ids (which would cost a write per duplicate).
 *
 * Precedence, lowest first, i.e. what a later-arriving event may override:
 *   processed < deferred < delivered < dropped < bounce < spamreport
 * "delivered" beats "deferred" (the retry worked); a "bounce" beats "delivered" (receiving servers
 * may bounce after accepting, and a "delivered" arriving after a bounce must not undo it);
 * "spamreport" beats everything (the customer had the mail and marked it as spam).
 * Event types: https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/event
 */

export const RECORDED_EVENTS = [
  "processed",
  "deferred",
  "delivered",
  "dropped",
  "bounce",
  "spamreport",
] as const;

export type RecordedEvent = (typeof RECORDED_EVENTS)[number];

export const isRecordedEvent = (value: string): value is RecordedEvent =>
  (RECORDED_EVENTS as readonly string[]).includes(value);

/** The first bounce or drop: why SendGrid could not deliver. */
export interface FailureDetail {
  event: "bounce" | "dropped";
  /** Unix seconds. */
  at: number;
  id: string;
  /** bounce: "bounce" or "blocked". */
  type?: string;
  /** bounce: the SMTP status, e.g. "5.1.1". */
  status?: string;
  /** SendGrid's or the receiving server's words, shortened. */
  reason?: string;
}

export interface MailEvents {
  state: RecordedEvent;
  /** Unix seconds of the first event of each type seen. */
  first: Partial<Record<RecordedEvent, number>>;
  failure?: FailureDetail;
}

export interface IncomingEvent {
  event: RecordedEvent;
  at: number;
  id: string;
  type?: string;
  status?: string;
  reason?: string;
}

const MAX_REASON = 300;

/**
 * The earlier of two failures: by time, then event id, then the details themselves, so that even
 * two events sharing an id (which SendGrid says can't happen) merge the same in any order.
 */
function earlier(a: FailureDetail, b: FailureDetail): FailureDetail {
  if (a.at !== b.at) return a.at < b.at ? a : b;
  const key = (f: FailureDetail) =>
    [f.id, f.event, f.type ?? "", f.status ?? "", f.reason ?? ""].join("\u0000");
  return key(a) <= key(b) ? a : b;
}

function failureOf(event: IncomingEvent): FailureDetail | undefined {
  if (event.event !== "bounce" && event.event !== "dropped") return undefined;
  const detail: FailureDetail = { event: event.event, at: event.at, id: event.id };
  if (event.type) detail.type = event.type.slice(0, 32);
  if (event.status) detail.status = event.status.slice(0, 32);
  if (event.reason) detail.reason = event.reason.slice(0, MAX_REASON);
  return detail;
}

/** The record in a canonical shape (key order included), so that equal records compare equal. */
function canonical(
  first: Partial<Record<RecordedEvent, number>>,
  failure?: FailureDetail,
): MailEvents | undefined {
  const types = RECORDED_EVENTS.filter((type) => first[type] !== undefined);
  if (types.length === 0) return undefined;
  const ordered: Partial<Record<RecordedEvent, number>> = {};
  for (const type of types) ordered[type] = first[type];
  const record: MailEvents = { state: types[types.length - 1], first: ordered };
  if (failure) {
    const { event, at, id, type, status, reason } = failure;
    record.failure = {
      event,
      at,
      id,
      ...(type === undefined ? {} : { type }),
      ...(status === undefined ? {} : { status }),
      ...(reason === undefined ? {} : { reason }),
    };
  }
  return record;
}

/** A stored record read back defensively (Firestore hands maps back in any key order). */
export function readMailEvents(value: unknown): MailEvents | undefined {
  if (typeof value !== "object" || value === null) return undefined;
  const stored = value as { first?: Record<string, unknown>; failure?: FailureDetail };
  const first: Partial<Record<RecordedEvent, number>> = {};
  for (const type of RECORDED_EVENTS) {
    const at = stored.first?.[type];
    if (typeof at === "number") first[type] = at;
  }
  return canonical(first, stored.failure);
}

export interface Merged {
  next: MailEvents | undefined;
  changed: boolean;
  /** Event types this merge saw for the first time (what to log, once). */
  added: RecordedEvent[];
}

export function mergeEvents(current: MailEvents | undefined, incoming: IncomingEvent[]): Merged {
  const before = current ? canonical(current.first, current.failure) : undefined;
  const first = { ...before?.first };
  let failure = before?.failure;
  for (const event of incoming) {
    const seen = first[event.event];
    if (seen === undefined || event.at < seen) first[event.event] = event.at;
    const detail = failureOf(event);
    if (detail) failure = failure ? earlier(failure, detail) : detail;
  }
  const next = canonical(first, failure);
  const added = RECORDED_EVENTS.filter(
    (type) => next?.first[type] !== undefined && before?.first[type] === undefined,
  );
  return { next, changed: JSON.stringify(next) !== JSON.stringify(before), added };
}
