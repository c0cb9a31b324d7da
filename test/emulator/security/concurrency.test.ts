/**
 * Races through the whole stack: one link submitted 50 times at once, one email requested 50
 * times at once. Every answer must be a deliberate one (never a 5xx from transaction contention),
 * and the outcome exact: one password change, the per-email number of mails.
 */
import { deleteApp, initializeApp, type App } from "firebase-admin/app";
import { getFirestore, type Firestore } from "firebase-admin/firestore";
import { ResetError } from "../../../functions/src/errors";
import { completeReset } from "../../../functions/src/handlers/complete-reset";
import { consumeClientQuota } from "../../../functions/src/rate-limit/client-rate-limiter";
import { hashToken } from "../../../functions/src/tokens/token";
import {
  captureHandlerLogs,
  deliverInProcess,
  demoRecordKeys,
  inProcessServices,
  stackConfig,
} from "../../support/in-process";
import {
  db,
  functionsUrl,
  functionLogs,
  injectFault,
  requestTokenByMail,
  logMark,
  mails,
  particleLogin,
  projectId,
  recordedRequests,
  resetAll,
  resetLinkFrom,
  sleep,
  tokenFrom,
  waitForLog,
  type ApiResponse,
} from "../../support/stack";

const PASSWORD = "amber-lamp-glows-at-dusk";
const puts = async () => (await recordedRequests("particle")).filter((r) => r.method === "PUT");

/**
 * The races go straight to the Functions emulator: Hosting's emulator gives up on a proxied
 * request after 60 s, which a request queued behind the running ones (the stack's emulator runs
 * at most 10 at once) can exceed on a small, busy machine.
 */
async function direct(path: string, body: unknown, client: string): Promise<ApiResponse> {
  const response = await fetch(`${functionsUrl}/api/api/password-reset/${path}`, {
    method: "POST",
    headers: { "content-type": "application/json", "x-forwarded-for": client },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  return { status: response.status, headers: response.headers, text, body: JSON.parse(text) };
}

/**
 * Every concurrent invocation needs its own emulator worker process: start them first, a few at a
 * time, so that cold starts don't compete with the race (or with each other).
 */
beforeAll(async () => {
  await resetAll();
  for (const wave of [4, 8, 12]) {
    await Promise.all(
      Array.from({ length: wave }, (_, i) =>
        direct("verify", { token: "warm-up" }, `192.0.2.${100 + i}`),
      ),
    );
  }
}, 180_000);

beforeEach(resetAll);

describe("50 simultaneous submissions of one link", () => {
  it.each([
    ["50 different clients", (i: number) => `192.0.2.${i + 1}`],
    ["one client", () => "192.0.2.200"],
  ])(
    "from %s: exactly one Particle PUT and one 200, the other 49 token_used, no 5xx",
    async (_, client) => {
      // A slow Particle keeps the first claim open while the others arrive.
      await injectFault("particle", { method: "PUT", delayMs: 300 });
      const token = await requestTokenByMail("alice@example.com");
      const mark = logMark();
      const results = await Promise.all(
        Array.from({ length: 50 }, (_, i) =>
          direct("complete", { token, password: `${PASSWORD}-${i}` }, client(i)),
        ),
      );
      const statuses = results.map((r) => r.status);
      expect(statuses.filter((s) => s >= 500)).toEqual([]);
      expect(statuses.filter((s) => s === 200)).toHaveLength(1);
      const losers = results.filter((r) => r.status !== 200);
      expect(losers).toHaveLength(49);
      for (const loser of losers) {
        expect(loser.status).toBe(409);
        expect(loser.body.error.code).toBe("token_used");
      }

      const [put] = await puts();
      expect(await puts()).toHaveLength(1);
      expect(put.status).toBe(200);
      const winner = results.findIndex((r) => r.status === 200);
      expect(put.body).toEqual({ password: `${PASSWORD}-${winner}` });
      expect(await particleLogin("alice@example.com", `${PASSWORD}-${winner}`)).toBe(200);
      expect((await db().collection("resetTokens").doc(hashToken(token)).get()).get("state")).toBe(
        "used",
      );
      expect(functionLogs(mark).map((e) => e.message)).not.toContain("internal.error");
    },
  );
});

describe("50 simultaneous requests for one email", () => {
  it("send exactly the per-email limit of mails (3), each with its own live link, and identical answers", async () => {
    const mark = logMark();
    const responses = await Promise.all(
      Array.from({ length: 50 }, (_, i) =>
        direct("request", { email: "bob@example.com" }, `198.51.100.${i + 1}`),
      ),
    );
    expect(new Set(responses.map((r) => `${r.status} ${r.text}`)).size).toBe(1);
    expect(responses[0].status).toBe(200);

    // Deliveries that lose the race for the email's record are retried by the queue with backoff
    // (1, 2, 4, 8 s): on a loaded machine the last ones land well after the first.
    await waitForLog(mark, "reset.email_rate_limited", 47, 180_000);
    await waitForLog(mark, "reset.mail_sent", 3, 30_000);
    await sleep(1500);
    const received = await mails("bob@example.com");
    expect(received).toHaveLength(3);
    const live = await db().collection("resetTokens").where("state", "==", "live").get();
    expect(live.docs.map((d) => d.id).sort()).toEqual(
      received.map((m) => hashToken(tokenFrom(resetLinkFrom(m)))).sort(),
    );
    const messages = functionLogs(mark).map((e) => e.message);
    expect(messages).not.toContain("internal.error");
    expect(messages.filter((m) => /^Unhandled error/.test(m))).toEqual([]);
  }, 240_000);
});

/**
 * The stack runs at most 10 invocations at once (production caps them too, with maxInstances), so
 * the full width of the race is also run here: 50 instances, each with its own Firestore client, against
 * the same emulator and the same local Particle.
 */
describe("50 instances racing (in-process, one Firestore client each)", () => {
  let apps: App[] = [];
  let clients: Firestore[] = [];

  beforeAll(() => {
    captureHandlerLogs();
    apps = Array.from({ length: 50 }, (_, i) => initializeApp({ projectId }, `racer-${i}`));
    clients = apps.map((app) => getFirestore(app));
  });
  afterAll(async () => {
    jest.restoreAllMocks();
    await Promise.all(apps.map((app) => deleteApp(app)));
  });

  it("completing one link: exactly one Particle PUT, the other 49 token_used", async () => {
    await injectFault("particle", { method: "PUT", delayMs: 300 });
    const config = stackConfig();
    const token = await deliverInProcess(
      inProcessServices({ config }),
      "carol@example.com",
      "12345",
    );
    const outcomes = await Promise.all(
      clients.map((client, i) =>
        completeReset(
          { ...inProcessServices({ config }), db: () => client },
          { token, password: `${PASSWORD}-${i}` },
          `instance-${i}`,
        ).then(
          () => "ok",
          (error: unknown) =>
            error instanceof ResetError ? error.code : `crash: ${String(error)}`,
        ),
      ),
    );
    expect(outcomes.filter((o) => o === "ok")).toHaveLength(1);
    expect(outcomes.filter((o) => o === "token_used")).toHaveLength(49);
    expect(await puts()).toHaveLength(1);
  });

  it("the per-client limit admits exactly its limit of 50 simultaneous requests from one client", async () => {
    const limit = { max: 20, windowSeconds: 600 };
    const now = new Date();
    const outcomes = await Promise.all(
      clients.map((client) =>
        consumeClientQuota(client, demoRecordKeys(), "race", "198.51.100.7", limit, now).then(
          () => "admitted",
          (error: unknown) =>
            error instanceof ResetError ? error.code : `crash: ${String(error)}`,
        ),
      ),
    );
    expect(outcomes.filter((o) => o === "admitted")).toHaveLength(limit.max);
    expect(outcomes.filter((o) => o === "rate_limited")).toHaveLength(50 - limit.max);
    const record = await db().collection("rateLimits").where("scope", "==", "race").get();
    expect(Object.keys(record.docs[0].get("hits"))).toHaveLength(limit.max);
  });
});
