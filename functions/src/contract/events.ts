/**
 * Every structured log event, declared once with its severity. `log.info/warn/error` accept only
 * the events declared at that severity, so a renamed or mistyped event is a type error; tests
 * and the benchmark read this catalogue instead of restating names. `ends` names the task queue
 * whose delivery the event finishes (test support waits for it); `alert` marks the events an
 * operator must act on (README, "Alerts").
 */
import type { QueueName } from "./tasks";

type Severity = "INFO" | "WARNING" | "ERROR";

interface EventSpec {
  severity: Severity;
  /** The task delivery this event finishes, when it always does. */
  ends?: QueueName;
  /** An operator must act on it: what it means and what to do (README, "Alerts"). */
  alert?: string;
  /**
   * Alert on a rate rather than on every one: more than `count` in `minutes`. For events that
   * happen now and then in normal operation (a mistyped address bounces), only a burst matters.
   */
  alertAbove?: { count: number; minutes: number };
}

export const LOG_EVENTS = {
  "reset.requested": { severity: "INFO" },
  // ENFORCE_APP_CHECK refused a request (`reason`: missing, or why the token failed).
  "request.app_check_refused": { severity: "WARNING" },
  "reset.mail_sent": { severity: "INFO", ends: "deliverResetMail" },
  "reset.not_eligible": { severity: "INFO", ends: "deliverResetMail" },
  // Not an end: the delivery goes on in the task it queued.
  "reset.deferred": { severity: "INFO" },
  "reset.email_rate_limited": { severity: "WARNING", ends: "deliverResetMail" },
  "reset.issue_contended": { severity: "WARNING" },
  "reset.unknown_product": { severity: "ERROR", ends: "deliverResetMail" },
  "reset.task_invalid": { severity: "ERROR", ends: "deliverResetMail" },
  "reset.gave_up": {
    severity: "ERROR",
    ends: "deliverResetMail",
    alert:
      "A reset mail was dropped after waiting through Particle backoffs or a first sync for over an hour: check Particle's rate limit and `eligibility.*` events.",
  },
  "reset.completed": { severity: "INFO" },
  "reset.customer_not_found": { severity: "WARNING" },
  // The notice's task was queued (`reason`: completed, or outcome_unknown at Particle).
  "changed.mail_queued": { severity: "INFO" },
  // The breached-password check failed open: the password was accepted unchecked.
  "password.breach_check_failed": { severity: "WARNING" },
  "changed.mail_sent": { severity: "INFO", ends: "deliverPasswordChangedMail" },
  "changed.mail_retrying": { severity: "WARNING" },
  "changed.mail_failed": {
    severity: "ERROR",
    ends: "deliverPasswordChangedMail",
    alert: 'A "password changed" notice could not be sent: check `mail.config_error` and SendGrid.',
  },
  "changed.task_invalid": { severity: "ERROR", ends: "deliverPasswordChangedMail" },
  "mail.send_failed": { severity: "WARNING" },
  "mail.config_error": {
    severity: "ERROR",
    ends: "deliverResetMail",
    alert:
      "SendGrid refused the key or the sender (`reason`): fix the key's Mail Send permission or verify the sender; no mail goes out meanwhile.",
  },
  "mail.changed_enqueue_failed": {
    severity: "ERROR",
    alert: 'A "password changed" notice could not be queued: check `tasks.enqueue_failed` and IAM.',
  },
  "mail.bounced": {
    severity: "WARNING",
    alert:
      "Mail bounced above the usual rate: look at `bounceType`/`status` (a blocklist, a lost domain authentication, a bad import into the allowlist) in SendGrid's Activity Feed.",
    alertAbove: { count: 10, minutes: 60 },
  },
  "mail.dropped": {
    severity: "WARNING",
    alert:
      "SendGrid dropped mail above the usual rate (suppression lists, invalid addresses, `reason`): check SendGrid's suppressions; customers affected get no link.",
    alertAbove: { count: 10, minutes: 60 },
  },
  "mail.spam_report": { severity: "WARNING" },
  "sendgrid.events_recorded": { severity: "INFO" },
  "sendgrid.webhook_rejected": { severity: "WARNING" },
  "particle.config_error": {
    severity: "ERROR",
    alert:
      "Particle refused the access token (invalid, expired or missing a scope, `status`/`code`): fix `PARTICLE_ACCESS_TOKEN`; no reset works meanwhile.",
  },
  "particle.lookup_failed": { severity: "WARNING" },
  "particle.update_failed": { severity: "WARNING" },
  "particle.rate_limited": {
    severity: "ERROR",
    alert:
      "Particle's rate budget (10,000 requests per 5 minutes per IP) is used up: eligibility pauses for 5 minutes; look for other clients of the same token.",
  },
  "eligibility.refreshed": { severity: "INFO" },
  "eligibility.sync_started": { severity: "INFO" },
  "eligibility.synced": { severity: "INFO", ends: "syncCustomerMirror" },
  "eligibility.sync_superseded": { severity: "WARNING", ends: "syncCustomerMirror" },
  "eligibility.sync_task_invalid": { severity: "ERROR", ends: "syncCustomerMirror" },
  "eligibility.list_too_large": {
    severity: "ERROR",
    alert:
      "The customer list is longer than `CUSTOMER_LIST_MAX`: customers past it get no mail; raise the bound.",
  },
  "tasks.enqueue_failed": {
    severity: "ERROR",
    alert:
      "Cloud Tasks refused a task (the message names the missing IAM role): every request fails until it is granted.",
  },
  "config.invalid": {
    severity: "ERROR",
    alert:
      "A setting is invalid (`setting`): the function refuses to work until it is fixed and redeployed.",
  },
  "internal.error": {
    severity: "ERROR",
    alert: "An unexpected error (`type`): look at the surrounding logs.",
  },
} as const satisfies Record<string, EventSpec>;

export type LogEvent = keyof typeof LOG_EVENTS;
export type EventAt<S extends Severity> = {
  [E in LogEvent]: (typeof LOG_EVENTS)[E]["severity"] extends S ? E : never;
}[LogEvent];

/** The events that finish a delivery of `queue` (test support waits for one per task). */
export function eventsEnding(queue: QueueName): LogEvent[] {
  return (Object.keys(LOG_EVENTS) as LogEvent[]).filter(
    (event) => (LOG_EVENTS[event] as EventSpec).ends === queue,
  );
}
