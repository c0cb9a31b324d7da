/**
 * Sends mail through SendGrid's v3 API with `@sendgrid/mail`, loaded only by the functions that
 * send (keeps other cold starts small). Failures become a typed MailError that says whether a
 * retry can help; the queue that calls us owns the retrying.
 */
import { singleLine } from "./layout";

export class MailError extends Error {
  constructor(
    /** HTTP status, or 0 when SendGrid could not be reached. */
    readonly status: number,
    readonly detail: string,
  ) {
    super(`SendGrid ${status || "unreachable"}: ${detail}`);
    this.name = "MailError";
  }

  get retryable(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }
}

export type OutgoingMail = {
  to: string;
  from: { email: string; name: string };
  replyTo?: string;
  category: string;
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
    response?: { body?: { errors?: Array<{ message?: string; field?: string | null }> } };
  };
  if (typeof failure.code === "number" && failure.response) {
    const first = failure.response.body?.errors?.[0];
    const detail = first ? `${first.field ? `${first.field}: ` : ""}${first.message}` : "error";
    return new MailError(failure.code, detail.slice(0, 200));
  }
  return new MailError(0, typeof failure.code === "string" ? failure.code : "network error");
}
