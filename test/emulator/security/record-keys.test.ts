/**
 * Keys that cannot be reversed: what a Firestore export holds for a customer and a client is an
 * HMAC under RECORD_KEY_SECRET, never the unsalted SHA-256 anyone could recompute from candidate
 * addresses; and under ELIGIBILITY=anyone the variants of one inbox share one mail budget.
 */
import { createHash } from "node:crypto";
import type { ResetMailTask } from "../../../functions/src/contract/tasks";
import { deliverResetMail } from "../../../functions/src/handlers/deliver-reset-mail";
import {
  captureHandlerLogs,
  deliverInProcess,
  demoRecordKeys,
  inProcessServices,
  stackConfig,
} from "../../support/in-process";
import { db, mails, requestReset, resetAll, waitForMail, type LogEntry } from "../../support/stack";

const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");
const ids = async (collection: string) =>
  (await db().collection(collection).get()).docs.map((doc) => doc.id);

beforeEach(resetAll);

describe("record keys in Firestore", () => {
  it("the per-email record, the client's counter and the mirror's member are HMACs under the secret, not SHA-256", async () => {
    const client = "203.0.113.45";
    expect((await requestReset("alice@example.com", {}, client)).status).toBe(200);
    await waitForMail("alice@example.com");
    const keys = demoRecordKeys();

    expect(await ids("resetSubjects")).toEqual([
      keys.subject("12345", "alice@example.com", "particle"),
    ]);
    expect(await ids("resetSubjects")).not.toContain(sha256("12345\nalice@example.com"));

    const counters = await ids("rateLimits");
    expect(counters).toHaveLength(1);
    // Whichever address the front end's hop yields, its key is the HMAC, never the hash.
    expect([keys.client("request", client), keys.client("request", "127.0.0.1")]).toContain(
      counters[0],
    );
    for (const address of [client, "127.0.0.1"]) {
      expect(counters).not.toContain(sha256(`request\n${address}`));
    }

    const buckets = await db().collection("customerMirrors/12345/buckets").get();
    const members = buckets.docs.flatMap((doc) => doc.get("members") as string[]);
    expect(members).toContain(keys.member("12345", "alice@example.com"));
    expect(members).not.toContain(sha256("12345\nalice@example.com").slice(0, 32));
    const state = await db().collection("customerMirrors").doc("12345").get();
    expect(state.get("keyVersion")).toBe(keys.version);
  });
});

describe("ELIGIBILITY=anyone: one inbox, one budget (in-process)", () => {
  let logs: LogEntry[];
  beforeAll(() => {
    logs = captureHandlerLogs();
  });
  afterAll(() => jest.restoreAllMocks());

  it("+tags, Gmail's dots, googlemail.com and case all count against the same per-email limit (3)", async () => {
    const services = inProcessServices({ config: stackConfig({ ELIGIBILITY: "anyone" }) });
    for (const email of ["vee+1@gmail.com", "V.ee@googlemail.com", "vee+news@gmail.com"]) {
      await deliverInProcess(services, email, "12345");
    }
    const fourth: ResetMailTask = {
      requestId: crypto.randomUUID(),
      productId: "12345",
      email: "vee@gmail.com",
      locale: "en",
      requestedAt: new Date().toISOString(),
    };
    await deliverResetMail(services, fourth, { attempt: 1, maxAttempts: 5 });
    expect(await mails("vee@gmail.com")).toEqual([]);
    expect(logs.filter((e) => e.message === "reset.email_rate_limited")).toHaveLength(1);
    // Each mail went to the address asked for.
    expect((await mails()).map((m) => m.to[0].toLowerCase()).sort()).toEqual([
      "v.ee@googlemail.com",
      "vee+1@gmail.com",
      "vee+news@gmail.com",
    ]);
    expect(await ids("resetSubjects")).toHaveLength(1);
  });
});
