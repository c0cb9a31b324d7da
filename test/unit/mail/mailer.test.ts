/** MailError.reason: which SendGrid refusal this was, from its status and errors[]. */
import type { RunningServer } from "../../../dev/stand-in";
import {
  DEFAULT_SENDGRID_API_KEY,
  NO_MAIL_SEND_SENDGRID_API_KEY,
  startSendgridApi,
} from "../../../dev/sendgrid-api";
import {
  createSendgridMailer,
  MailError,
  mailErrorReason,
} from "../../../functions/src/mail/mailer";

describe("mailErrorReason", () => {
  it.each<[number, Array<{ message?: string; field?: string | null }>, string]>([
    // https://www.twilio.com/docs/api/errors/60222
    [
      403,
      [{ message: "The from address does not match a verified Sender Identity.", field: "from" }],
      "sender_not_verified",
    ],
    [403, [{ message: "whatever", field: "from.email" }], "sender_not_verified"],
    [
      403,
      [{ message: "The from address does not match a verified Sender Identity." }],
      "sender_not_verified",
    ],
    [403, [{ message: "access forbidden", field: null }], "key_lacks_permission"],
    [403, [], "key_lacks_permission"],
    [
      401,
      [{ message: "The provided authorization grant is invalid, expired, or revoked" }],
      "key_invalid",
    ],
    // SendGrid's troubleshooting list names a 401 for missing permissions too.
    [
      401,
      [{ message: "authenticated user is not authorized to send mail" }],
      "key_lacks_permission",
    ],
    [400, [{ message: "Bad Request" }], "bad_request"],
    [429, [], "rate_limited"],
    [503, [], "unavailable"],
    [0, [], "unreachable"],
  ])("%i %j -> %s", (status, errors, reason) => {
    expect(mailErrorReason(status, errors)).toBe(reason);
  });
});

describe("the mailer against the SendGrid stand-in", () => {
  let api: RunningServer;
  beforeAll(async () => {
    api = await startSendgridApi({ port: 0 });
  });
  afterAll(() => api.close());

  const mail = (from: string) => ({
    to: "alice@example.com",
    from: { email: from, name: "Acme" },
    category: "test",
    subject: "s",
    text: "t",
    html: "<p>t</p>",
  });

  async function refusal(apiKey: string, from: string): Promise<MailError> {
    const mailer = await createSendgridMailer({ apiUrl: api.url, apiKey });
    const error = await mailer.send(mail(from)).then(
      () => new Error("expected a MailError"),
      (e: unknown) => e,
    );
    expect(error).toBeInstanceOf(MailError);
    return error as MailError;
  }

  it("tells an unverified sender from a key without Mail Send", async () => {
    const sender = await refusal(DEFAULT_SENDGRID_API_KEY, "someone@elsewhere.example");
    expect(sender).toMatchObject({ status: 403, reason: "sender_not_verified" });
    expect(sender.detail).toMatch(/^from: The from address does not match a verified Sender/);
    expect(sender.isConfigurationError).toBe(true);
    expect(sender.retryable).toBe(false);

    const key = await refusal(NO_MAIL_SEND_SENDGRID_API_KEY, "no-reply@acme-lamp.example");
    expect(key).toMatchObject({
      status: 403,
      reason: "key_lacks_permission",
      detail: "access forbidden",
    });
    expect((await refusal("SG.unknown", "no-reply@acme-lamp.example")).reason).toBe("key_invalid");
  });
});
