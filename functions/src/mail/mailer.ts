/**
 * Sends mail through SendGrid's v3 API with `@sendgrid/mail`, loaded only by the functions that
 * send (keeps other cold starts small). Failures become a typed MailError that says whether a
 * retry can help; the queue that calls us owns the retrying.
 */
import { singleLine } from "./layout";

/**
 * Why SendGrid refused, as far as its answer tells. The two 403s an operator must tell apart: a
 * From address that is not a verified Sender Identity (403, `errors[0].field` "from":
 * https://www.twilio.com/docs/api/errors/60222) and a key without the Mail Send permission (403
 * "access forbidden"; SendGrid's troubleshooting list also names a 401 "Authenticated user is not
 * authorized" for it, so both are read as such:
 * https://support.sendgrid.com/hc/en-us/articles/18322114821403-4XX-API-Errors-and-Troubleshooting-Suggestions).
 */
export type MailErrorReason =
  | "sender_not_verified"
  | "key_lacks_permission"
  | "key_invalid"
  | "bad_request"
  | "rate_limited"
  | "unavailable"
  | "unreachable"
  | "other";

export interface SendgridErrorEntry {
  message?: string | null;
  field?: string | null;
}

export function mailErrorReason(
  status: number,
  errors: SendgridErrorEntry[] = [],
): MailErrorReason {
  const text = errors.map((e) => e.message ?? "").join(" ");
  if (status === 0) return "unreachable";
  if (status === 401) return /not authorized/i.test(text) ? "key_lacks_permission" : "key_invalid";
  if (status === 403) {
    // The field is what SendGrid documents; the message is the fallback if it ever goes missing.
    const sender = errors.some((e) => /^from(\.email)?$/.test(e.field ?? ""));
    return sender || /sender identity/i.test(text) ? "sender_not_verified" : "key_lacks_permission";
  }
  if (status === 429) return "rate_limited";
  if (status === 408 || status >= 500) return "unavailable";
  if (status >= 400 && status < 500) return "bad_request";
  return "other";
}

export class MailError extends Error {
  constructor(
    /** HTTP status, or 0 when SendGrid could not be reached. */
    readonly status: number,
    readonly detail: string,
    /** Non-secret and stable: safe to log and to branch on. */
    readonly reason: MailErrorReason = mailErrorReason(status),
  ) {
    super(`SendGrid ${status || "unreachable"}: ${detail}`);
    this.name = "MailError";
  }

  get retryable(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }

  /** The operator must fix the key or the sender; retrying cannot help. */
  get isConfigurationError(): boolean {
    return ["sender_not_verified", "key_lacks_permission", "key_invalid"].includes(this.reason);
  }
}

export type OutgoingMail = {
  to: string;
  from: { email: string; name: string };
  replyTo?: string;
  category: string;
  /**
   * Carried with the mail onto each of its Event Webhook events (as top-level keys): what ties an
   * event to our record. SendGrid keeps them as "Not PII", so never an email or a secret.
   */
  customArgs?: Record<string, string>;
  /** SendGrid validates everything but delivers nothing: for configuration checks. */
  sandbox?: boolean;
} & (
  | { subject: string; html: string; text: string }
  | { templateId: string; dynamicTemplateData: Record<string, unknown> }
);

export interface Mailer {
  send(mail: OutgoingMail): Promise<void>;
}

export interface SendgridOptions {
  apiUrl: string;
  apiKey: string;
  timeoutMs?: number;
}

type SendgridClient = typeof import("@sendgrid/client");
type SendgridMail = typeof import("@sendgrid/mail");

export async function createSendgridMailer(options: SendgridOptions): Promise<Mailer> {
  // The packages' typings only describe their singletons; the classes are what we want, so
  // that every mailer has its own base URL and key.
  const [{ Client }, { MailService }] = (await Promise.all([
    import("@sendgrid/client"),
    import("@sendgrid/mail"),
  ])) as unknown as [{ Client: new () => SendgridClient }, { MailService: new () => SendgridMail }];
  const client = new Client();
  client.setApiKey(options.apiKey);
  // setApiKey resets the base URL, so the override must come after it.
  client.setDefaultRequest("baseUrl", `${options.apiUrl}/`);
  client.setDefaultRequest("timeout" as never, (options.timeoutMs ?? 10_000) as never);
  const service = new MailService();
  service.setClient(client);

  return {
    async send(mail) {
      const { category, sandbox, ...message } = mail;
      try {
        await service.send({
          ...message,
          // A header: line breaks in a configured name must not add headers to the mail.
          from: { email: message.from.email, name: singleLine(message.from.name) },
          categories: [category],
          ...(sandbox ? { mailSettings: { sandboxMode: { enable: true } } } : {}),
          // Reset links must reach the customer unaltered: no click-tracking redirects.
          trackingSettings: { clickTracking: { enable: false, enableText: false } },
          // Template data is plain text for escaped {{ }} slots; otherwise the SDK console.warns
          // (unstructured) about its quotes and ampersands on every templated mail.
          hideWarnings: true,
        } as Parameters<typeof service.send>[0]);
      } catch (error) {
        throw toMailError(error);
      }
    },
  };
}

function toMailError(error: unknown): MailError {
  const failure = error as {
    code?: unknown;
    response?: { body?: { errors?: SendgridErrorEntry[] } };
  };
  if (typeof failure.code === "number" && failure.response) {
    const errors = Array.isArray(failure.response.body?.errors) ? failure.response.body.errors : [];
    const first = errors[0];
    const detail = first ? `${first.field ? `${first.field}: ` : ""}${first.message}` : "error";
    return new MailError(failure.code, detail.slice(0, 200), mailErrorReason(failure.code, errors));
  }
  return new MailError(0, typeof failure.code === "string" ? failure.code : "network error");
}
