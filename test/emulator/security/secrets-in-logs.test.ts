/**
 * Secrets in logs: the whole flow, its failure paths included, runs through the stack while the
 * Functions and Hosting emulators write every line they print to STACK_LOG_FILE. None of those
 * lines may carry the Particle access token, the SendGrid key, a raw reset token, a password or
 * a full customer email.
 */
import { DEMO_SECRETS } from "../../../dev/demo-config";
import {
  api,
  callCallable,
  functionLogs,
  injectFault,
  logMark,
  mails,
  rawLog,
  requestReset,
  resetAll,
  resetLinkFrom,
  tokenFrom,
  waitForLog,
  waitForMail,
} from "../../support/stack";

const NEW_PASSWORD = "velvet-lantern-orbit-77";
const ATTEMPTED_PASSWORDS = [
  "password123",
  "Sh0rt!x",
  "Zq9!unlisted-but-rejected",
  "hunter2-secret-pw",
];
const EMAILS = [
  "alice@example.com",
  "bob@example.com",
  "carol@example.com",
  "nobody@example.com",
  "customer042@example.com",
];

/** Generous, for the queue retries with backoff. */
const MAIL_WAIT_MS = 60_000;

/** An email as it could appear in a log line: plain, URL-encoded, JSON-escaped or upper-cased. */
function spellings(email: string): string[] {
  return [email, encodeURIComponent(email), email.toUpperCase(), email.replace("@", "\\u0040")];
}

beforeEach(resetAll);

describe("secrets in logs", () => {
  it("the full flow, failures included, logs no access token, API key, reset token, password or customer email", async () => {
    const mark = logMark();

    // A known email whose first mail fails transiently and is retried by the queue.
    await injectFault("sendgrid", { path: "^/v3/mail/send$", status: 503, times: 1 });
    await requestReset("alice@example.com", { locale: "de" }, "198.51.100.1");
    const [aliceMail] = await waitForMail("alice@example.com", 1, MAIL_WAIT_MS);
    const token = tokenFrom(resetLinkFrom(aliceMail));
    // Unknown, per-email limited (bob's fourth), and a request through the callable.
    await requestReset("nobody@example.com", {}, "198.51.100.2");
    for (let i = 0; i < 4; i++) await requestReset("bob@example.com", {}, `198.51.100.${10 + i}`);
    await callCallable({ email: "customer042@example.com" }, { client: "198.51.100.20" });
    await waitForLog(mark, "reset.email_rate_limited", 1, 60_000);
    await waitForLog(mark, "reset.not_eligible", 1, 60_000);
    await waitForMail("bob@example.com", 3, MAIL_WAIT_MS);
    await waitForMail("customer042@example.com", 1, MAIL_WAIT_MS);

    // A SendGrid key rejected: a configuration error is logged (and must not carry the key).
    await injectFault("sendgrid", { path: "^/v3/mail/send$", status: 401, times: 1 });
    await requestReset("carol@example.com", {}, "198.51.100.30");
    await waitForLog(mark, "mail.config_error", 1, 60_000);

    // Completion: weak passwords, the email as password, Particle rejecting our token, success.
    expect((await api("verify", { token })).status).toBe(200);
    for (const password of [...ATTEMPTED_PASSWORDS.slice(0, 2), "alice@example.com"]) {
      expect((await api("complete", { token, password })).body.error.code).toBe("weak_password");
    }
    await injectFault("particle", { method: "PUT", status: 401, times: 1 });
    expect((await api("complete", { token, password: ATTEMPTED_PASSWORDS[2] })).status).toBe(503);
    await waitForLog(mark, "particle.config_error");
    expect((await api("complete", { token, password: NEW_PASSWORD })).status).toBe(200);
    expect((await api("complete", { token, password: NEW_PASSWORD })).status).toBe(409);

    // Requests that are refused outright, carrying secrets in places they don't belong.
    await api("request", { email: "carol@example.com", password: ATTEMPTED_PASSWORDS[3] });
    await api("complete", {
      token: `${token}x`,
      password: NEW_PASSWORD,
      email: "carol@example.com",
    });
    await callCallable({ email: "carol@example.com", password: ATTEMPTED_PASSWORDS[3] });
    await callCallable(undefined, { raw: '{"email":"carol@example.com"}' });
    await waitForLog(mark, "changed.mail_sent", 1, 60_000);

    const logged = rawLog(mark);
    const tokens = (await mails())
      .filter((mail) => /#token=/.test(mail.text))
      .map((mail) => tokenFrom(resetLinkFrom(mail)));
    // The flow really ran and was logged.
    for (const event of ["reset.mail_sent", "reset.completed", "mail.send_failed"]) {
      expect(functionLogs(mark).map((e) => e.message)).toContain(event);
    }
    expect(tokens.length).toBe(5); // alice, bob ×3, customer042

    const secrets = [
      ...Object.values(DEMO_SECRETS),
      ...tokens,
      NEW_PASSWORD,
      ...ATTEMPTED_PASSWORDS,
      ...EMAILS.flatMap(spellings),
    ];
    const leaks = secrets.filter((secret) => logged.includes(secret));
    expect(leaks).toEqual([]);
    // The deployment's credentials appear nowhere in the whole run's log, not only in this test.
    const whole = rawLog();
    expect(Object.values(DEMO_SECRETS).filter((secret) => whole.includes(secret))).toEqual([]);
  }, 180_000);
});
