/**
 * Upstream faults injected through the local Particle and SendGrid servers: no link is burned by
 * an upstream failure, no mail is lost to a transient failure, no mail is sent twice by a retry,
 * and the customer always gets a clear answer. Through the stack where the production timeouts
 * allow it; timeouts and refused connections in-process with short timeouts (same code).
 */
import { createServer } from "node:net";
import { completeReset } from "../../../functions/src/handlers/complete-reset";
import type { ResetMailTask } from "../../../functions/src/contract/tasks";
import { deliverResetMail } from "../../../functions/src/handlers/deliver-reset-mail";
import { RetryLater } from "../../../functions/src/tasks/task";
import { hashToken } from "../../../functions/src/tokens/token";
import {
  captureHandlerLogs,
  inProcessServices,
  stackConfig,
  deliverInProcess,
  recordingTasks,
  stackSecrets,
} from "../../support/in-process";
import { expectResetError } from "../../support/failure";
import type { LogEntry } from "../../support/stack";
import {
  api,
  db,
  drainQueues,
  eventually,
  injectFault,
  requestTokenByMail,
  logMark,
  mails,
  particleLogin,
  recordedRequests,
  requestReset,
  resetAll,
  resetLinkFrom,
  sleep,
  tokenFrom,
  waitForLog,
  waitForMail,
  type Fault,
  type ReceivedMail,
} from "../../support/stack";
import { getMessages } from "../../../functions/src/i18n/messages";

/** The answers' English wording, from the catalogue the API answers from. */
const API = getMessages("en").api;

const PASSWORD = "lamp-glow-at-midnight-42";
const UNAVAILABLE = {
  error: {
    code: "upstream_unavailable",
    message: API.upstreamUnavailable,
  },
};
const ACCEPTED_MESSAGE = API.requestAccepted;

const tokenDoc = (token: string) => db().collection("resetTokens").doc(hashToken(token));
const puts = async () => (await recordedRequests("particle")).filter((r) => r.method === "PUT");
const mailSends = async () =>
  (await recordedRequests("sendgrid")).filter((r) => r.path === "/v3/mail/send");

/** A local port nothing listens on: connecting to it is refused. */
async function closedPort(): Promise<number> {
  const server = createServer();
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as { port: number };
  await new Promise<void>((resolve) => server.close(() => resolve()));
  return port;
}

beforeEach(resetAll);

function resetTask(email: string): ResetMailTask {
  return {
    requestId: crypto.randomUUID(),
    productId: "12345",
    email,
    locale: "en",
    requestedAt: new Date().toISOString(),
  };
}

const isChangedNotice = (mail: ReceivedMail) => /password was changed/.test(mail.subject);

describe("Particle failing while the customer sets the password", () => {
  // `unclear`: the request may have reached Particle and changed the password (a 5xx, a
  // connection dropped after sending), so the "password changed" notice goes out at once.
  it.each<[string, Fault, boolean]>([
    ["503 on every attempt", { method: "PUT", status: 503, times: 3 }, true],
    [
      "429 with Retry-After on every attempt",
      { method: "PUT", status: 429, retryAfter: 1, times: 3 },
      false,
    ],
    ["dropped connections on every attempt", { method: "PUT", drop: true, times: 3 }, true],
    ["401 (the deployment's token is bad)", { method: "PUT", status: 401, times: 1 }, false],
  ])(
    "Particle %s: a clear 503 answer, the link stays live, and the retry changes the password once",
    async (_, fault, unclear) => {
      const token = await requestTokenByMail("carol@example.com");
      await injectFault("particle", fault);
      const mark = logMark();
      const failed = await api("complete", { token, password: PASSWORD });
      expect(failed.status).toBe(503);
      expect(failed.body).toEqual(UNAVAILABLE);
      expect((await tokenDoc(token).get()).get("state")).toBe("live");
      expect((await api("verify", { token })).status).toBe(200);
      expect(await particleLogin("carol@example.com", "tr0ub4dor&3")).toBe(200);
      await drainQueues(mark);
      const beforeRetry = await mails("carol@example.com");
      expect(beforeRetry.filter(isChangedNotice)).toHaveLength(unclear ? 1 : 0);

      const retryMark = logMark();
      const retried = await api("complete", { token, password: PASSWORD });
      expect(retried.status).toBe(200);
      expect((await puts()).filter((r) => r.status === 200)).toHaveLength(1);
      expect(await particleLogin("carol@example.com", PASSWORD)).toBe(200);
      expect((await tokenDoc(token).get()).get("state")).toBe("used");
      await waitForLog(retryMark, "reset.completed");
      await drainQueues(retryMark);
      // One notice per link, whichever attempt sent it.
      expect((await mails("carol@example.com")).filter(isChangedNotice)).toHaveLength(1);
    },
  );

  it("Particle applying the change but answering too late (8 s timeout, 3 attempts): the notice goes out at once, the retry works, no second notice", async () => {
    const token = await requestTokenByMail("carol@example.com");
    // The stand-in carries out each PUT after the delay, long after the function gave up on it.
    await injectFault("particle", { method: "PUT", delayMs: 9000, times: 3 });
    const mark = logMark();
    const failed = await api("complete", { token, password: PASSWORD });
    expect(failed.status).toBe(503);
    expect(failed.body).toEqual(UNAVAILABLE);
    const [queued] = await waitForLog(mark, "changed.mail_queued");
    expect(queued).toMatchObject({ reason: "outcome_unknown" });
    const notice = (await waitForMail("carol@example.com", 2)).filter(isChangedNotice);
    expect(notice).toHaveLength(1);
    expect(notice[0].text).not.toMatch(/#token=/);
    // What the customer was warned about did happen: Particle took the password.
    await eventually(
      async () => ((await particleLogin("carol@example.com", PASSWORD)) === 200 ? true : undefined),
      "the late PUT to land",
      15_000,
    );

    expect((await tokenDoc(token).get()).get("state")).toBe("live");
    const retryMark = logMark();
    const retried = await api("complete", { token, password: `${PASSWORD}-again` });
    expect(retried.status).toBe(200);
    expect(await particleLogin("carol@example.com", `${PASSWORD}-again`)).toBe(200);
    await waitForLog(retryMark, "reset.completed");
    await drainQueues(retryMark);
    expect((await mails("carol@example.com")).filter(isChangedNotice)).toHaveLength(1);
  }, 120_000);
});

describe("SendGrid failing while the reset mail is sent", () => {
  it.each<[string, Fault, number[]]>([
    ["500 once", { path: "^/v3/mail/send$", status: 500, times: 1 }, [500, 202]],
    ["503 twice", { path: "^/v3/mail/send$", status: 503, times: 2 }, [503, 503, 202]],
    [
      "429 with Retry-After once",
      { path: "^/v3/mail/send$", status: 429, retryAfter: 1, times: 1 },
      [429, 202],
    ],
  ])(
    "SendGrid %s: the queue retries and the customer gets exactly one mail, whose link works",
    async (_, fault, statuses) => {
      await injectFault("sendgrid", fault);
      const mark = logMark();
      expect((await requestReset("alice@example.com")).body.message).toBe(ACCEPTED_MESSAGE);
      await waitForLog(mark, "reset.mail_sent", 1, 75_000);
      await sleep(1500);
      const received = await mails("alice@example.com");
      expect(received).toHaveLength(1);
      expect((await mailSends()).map((r) => r.status)).toEqual(statuses);
      const token = tokenFrom(resetLinkFrom(received[0]));
      expect((await api("verify", { token })).status).toBe(200);
      const live = await db().collection("resetTokens").where("state", "==", "live").get();
      expect(live.docs.map((d) => d.id)).toEqual([hashToken(token)]);
    },
  );

  it("a request made while Particle and SendGrid both fail gets the normal answer, and one mail once they recover", async () => {
    await injectFault("particle", { method: "GET", status: 503, times: 3 });
    await injectFault("sendgrid", { path: "^/v3/mail/send$", status: 503, times: 1 });
    const mark = logMark();
    const response = await requestReset("bob@example.com");
    expect(response.status).toBe(200);
    expect(response.body).toEqual({ ok: true, message: ACCEPTED_MESSAGE });
    await waitForLog(mark, "reset.mail_sent", 1, 75_000);
    await sleep(1500);
    expect(await mails("bob@example.com")).toHaveLength(1);
  });

  it("the 'password changed' notice survives a SendGrid 503 and is sent exactly once", async () => {
    const token = await requestTokenByMail("alice@example.com");
    await injectFault("sendgrid", { path: "^/v3/mail/send$", status: 503, times: 1 });
    const mark = logMark();
    expect((await api("complete", { token, password: PASSWORD })).status).toBe(200);
    await waitForLog(mark, "changed.mail_sent", 1, 75_000);
    await sleep(1500);
    const received = await waitForMail("alice@example.com", 2);
    expect(received).toHaveLength(2);
    expect(received[1].text).not.toMatch(/#token=/);
  });
});

describe("timeouts and refused connections (in-process, short timeouts)", () => {
  beforeAll(() => captureHandlerLogs());
  afterAll(() => jest.restoreAllMocks());

  async function expectUnavailable(work: Promise<unknown>): Promise<void> {
    const error = await expectResetError(work, "upstream_unavailable");
    expect(error.messageKey).toBe("upstreamUnavailable");
  }

  it("Particle timing out: upstream_unavailable, the link stays live, the retry works", async () => {
    const config = stackConfig();
    const token = await deliverInProcess(inProcessServices({ config }), "bob@example.com", "12345");
    await injectFault("particle", { method: "PUT", delayMs: 1500, drop: true, times: 3 });
    const tasks = recordingTasks();
    const slow = inProcessServices({ config, particleTimeoutMs: 250, tasks });
    await expectUnavailable(completeReset(slow, { token, password: PASSWORD }, "c1"));
    expect((await tokenDoc(token).get()).get("state")).toBe("live");
    expect(tasks.tasks.map((t) => t.queue)).toEqual(["deliverPasswordChangedMail"]);

    await completeReset(slow, { token, password: PASSWORD }, "c1");
    expect(tasks.tasks).toHaveLength(1);
    expect(await particleLogin("bob@example.com", PASSWORD)).toBe(200);
    expect((await tokenDoc(token).get()).get("state")).toBe("used");
  });

  it("Particle refusing connections: upstream_unavailable, the link stays live, the retry works", async () => {
    const config = stackConfig();
    const token = await deliverInProcess(inProcessServices({ config }), "bob@example.com", "12345");
    const unreachable = stackConfig({ PARTICLE_API_URL: `http://127.0.0.1:${await closedPort()}` });
    const tasks = recordingTasks();
    await expectUnavailable(
      completeReset(
        inProcessServices({ config: unreachable, tasks }),
        { token, password: PASSWORD },
        "c1",
      ),
    );
    expect((await tokenDoc(token).get()).get("state")).toBe("live");
    // Nothing reached Particle: no notice yet; the one for the real change follows the retry.
    expect(tasks.tasks).toEqual([]);
    await completeReset(inProcessServices({ config, tasks }), { token, password: PASSWORD }, "c1");
    expect(await particleLogin("bob@example.com", PASSWORD)).toBe(200);
    expect(tasks.tasks.map((t) => t.queue)).toEqual(["deliverPasswordChangedMail"]);
  });

  it("SendGrid timing out: the task asks for a retry, and the retry delivers exactly one working mail", async () => {
    const config = stackConfig();
    await injectFault("sendgrid", { path: "^/v3/mail/send$", delayMs: 1500, drop: true, times: 1 });
    const services = inProcessServices({ config, mailTimeoutMs: 250 });
    const task = resetTask("alice@example.com");
    await expect(
      deliverResetMail(services, task, { attempt: 1, maxAttempts: 5 }),
    ).rejects.toBeInstanceOf(RetryLater);
    await deliverResetMail(services, task, { attempt: 2, maxAttempts: 5 });
    await sleep(1600);
    const received = await mails("alice@example.com");
    expect(received).toHaveLength(1);
    const token = tokenFrom(resetLinkFrom(received[0]));
    expect((await tokenDoc(token).get()).data()).toMatchObject({
      state: "live",
      delivery: { state: "sent", attempts: 2 },
    });
  });

  it("SendGrid refusing connections: the task asks for a retry, and the retry delivers exactly one mail", async () => {
    const unreachable = stackConfig({ SENDGRID_API_URL: `http://127.0.0.1:${await closedPort()}` });
    const task = resetTask("alice@example.com");
    await expect(
      deliverResetMail(inProcessServices({ config: unreachable }), task, {
        attempt: 1,
        maxAttempts: 5,
      }),
    ).rejects.toBeInstanceOf(RetryLater);
    await deliverResetMail(inProcessServices({ config: stackConfig() }), task, {
      attempt: 2,
      maxAttempts: 5,
    });
    expect(await mails("alice@example.com")).toHaveLength(1);
  });

  it("known limitation: a SendGrid timeout after SendGrid accepted can deliver twice, and only the newer link works", async () => {
    await injectFault("sendgrid", { path: "^/v3/mail/send$", delayMs: 1000, times: 1 });
    const services = inProcessServices({ config: stackConfig(), mailTimeoutMs: 250 });
    const task = resetTask("alice@example.com");
    await expect(
      deliverResetMail(services, task, { attempt: 1, maxAttempts: 5 }),
    ).rejects.toBeInstanceOf(RetryLater);
    await deliverResetMail(services, task, { attempt: 2, maxAttempts: 5 });
    const both = await waitForMail("alice@example.com", 2);
    const [first, second] = both.map((mail) => tokenFrom(resetLinkFrom(mail)));
    const states = await Promise.all(
      [first, second].map(async (token) => (await tokenDoc(token).get()).get("state")),
    );
    expect(states.sort()).toEqual(["live", "superseded"]);
  });
});

/**
 * Configuration mistakes answered the way the real services answer them (the stand-ins model
 * the documented bodies): none of them is retried, none burns a link, and each is logged with a
 * field that says which mistake it is.
 */
describe("configuration errors, with the services' real answers (in-process)", () => {
  let logs: LogEntry[];
  beforeAll(() => {
    logs = captureHandlerLogs();
  });
  afterAll(() => jest.restoreAllMocks());
  beforeEach(() => logs.splice(0));

  const task = resetTask;
  const events = (name: string) => logs.filter((entry) => entry.message === name);

  // https://docs.particle.io/reference/cloud-apis/api/ "Errors - API users"
  it("an API user without customers:update: upstream_unavailable, logged as config, link live", async () => {
    const config = stackConfig();
    const token = await deliverInProcess(inProcessServices({ config }), "bob@example.com", "12345");
    const underScoped = stackSecrets({ PARTICLE_ACCESS_TOKEN: "demo-token-no-update" });
    await expect(
      completeReset(
        inProcessServices({ config, secrets: underScoped }),
        { token, password: PASSWORD },
        "c1",
      ),
    ).rejects.toMatchObject({ code: "upstream_unavailable", messageKey: "upstreamUnavailable" });
    expect(events("particle.config_error")).toEqual([
      expect.objectContaining({ severity: "ERROR", status: 400, code: "unauthorized" }),
    ]);
    expect((await tokenDoc(token).get()).get("state")).toBe("live");
    expect((await puts()).map((r) => r.status)).toEqual([400]);

    await completeReset(inProcessServices({ config }), { token, password: PASSWORD }, "c1");
    expect(await particleLogin("bob@example.com", PASSWORD)).toBe(200);
  });

  it("an API user without customers:list: the mail task stops at once instead of retrying", async () => {
    const secrets = stackSecrets({ PARTICLE_ACCESS_TOKEN: "demo-token-no-list" });
    await expect(
      deliverResetMail(
        inProcessServices({ config: stackConfig(), secrets }),
        task("alice@example.com"),
        {
          attempt: 1,
          maxAttempts: 5,
        },
      ),
    ).resolves.toBeUndefined();
    expect(events("particle.config_error")).toEqual([
      expect.objectContaining({ status: 400, code: "unauthorized", attempt: 1 }),
    ]);
    const lists = (await recordedRequests("particle")).filter((r) => r.method === "GET");
    expect(lists.map((r) => r.status)).toEqual([400]);
    expect(await mails("alice@example.com")).toEqual([]);
  });

  it.each([
    [
      "a From that is not a verified Sender Identity",
      { config: { MAIL_FROM_EMAIL: "no-reply@unverified.example" }, secrets: {} },
      "sender_not_verified",
    ],
    [
      "a key without Mail Send",
      { config: {}, secrets: { SENDGRID_API_KEY: "SG.demo-no-mail-send-key" } },
      "key_lacks_permission",
    ],
  ])(
    "SendGrid refusing %s: one attempt, a failed delivery, the reason logged",
    async (_, overrides, reason) => {
      const services = inProcessServices({
        config: stackConfig(overrides.config),
        secrets: stackSecrets(overrides.secrets),
      });
      await deliverResetMail(services, task("alice@example.com"), { attempt: 1, maxAttempts: 5 });
      expect(events("mail.config_error")).toEqual([
        expect.objectContaining({ severity: "ERROR", status: 403, reason }),
      ]);
      expect((await mailSends()).map((r) => r.status)).toEqual([403]);
      const [stored] = (await db().collection("resetTokens").get()).docs;
      expect(stored.get("delivery")).toMatchObject({ state: "failed", attempts: 1, error: "403" });
      expect(await mails("alice@example.com")).toEqual([]);
    },
  );
});
