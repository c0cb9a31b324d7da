/**
 * `ELIGIBILITY=particle` at scale: the Firestore mirror of the customer list, driven in-process
 * against the real Firestore emulator and the local Particle server's generated fleet products
 * (100 to 100,000 customers), with an injected clock and a recording task queue so that every
 * sync chunk and every deferral can be run and inspected.
 */
import { getState, hasMember } from "../../../functions/src/eligibility/customer-mirror";
import { recordKeys } from "../../../functions/src/privacy/record-key";
import type { ResetMailTask } from "../../../functions/src/contract/tasks";
import { deliverResetMail } from "../../../functions/src/handlers/deliver-reset-mail";
import { syncCustomerMirror } from "../../../functions/src/handlers/sync-customer-mirror";
import type { Services } from "../../../functions/src/services";
import {
  captureHandlerLogs,
  demoRecordKeys,
  inProcessServices,
  recordingTasks,
  stackConfig,
  stackSecrets,
} from "../../support/in-process";
import {
  db,
  injectFault,
  mails,
  particleUrl,
  recordedRequests,
  resetAll,
  type LogEntry,
} from "../../support/stack";

const FLEET_TOKEN = "demo-fleet-token";
const FLEET = { p100: "20100", p1k: "21000", p10k: "30000", p100k: "120000" };
const fleetEmail = (slug: string, n: number) => `${slug}-${String(n).padStart(3, "0")}@example.com`;

let logs: LogEntry[];
beforeAll(() => {
  logs = captureHandlerLogs();
});
afterAll(() => jest.restoreAllMocks());
beforeEach(async () => {
  await resetAll();
  logs.length = 0;
});

/** A clock the test moves, and services for one product with a queue that only records. */
function harness(
  productId: string,
  overrides: Record<string, string> = {},
  accessToken = FLEET_TOKEN,
  recordKeySecret?: string,
) {
  // Real time plus what the test skipped: waits inside the handlers still pass.
  let skipped = 0;
  const clock = () => Date.now() + skipped;
  const tasks = recordingTasks();
  const config = stackConfig({
    PARTICLE_PRODUCT_ID: productId,
    ELIGIBILITY: "particle",
    ...overrides,
  });
  const secrets = stackSecrets({
    PARTICLE_ACCESS_TOKEN: accessToken,
    ...(recordKeySecret ? { RECORD_KEY_SECRET: recordKeySecret } : {}),
  });
  const services: Services = inProcessServices({
    config,
    secrets,
    tasks,
    now: () => new Date(clock()),
  });
  const task = (email: string): ResetMailTask => ({
    requestId: crypto.randomUUID(),
    productId,
    email,
    locale: "en",
    requestedAt: new Date(clock()).toISOString(),
  });
  return {
    services,
    tasks,
    task,
    advance: (ms: number) => (skipped += ms),
    deliver: (payload: ResetMailTask) =>
      deliverResetMail(services, payload, { attempt: 1, maxAttempts: 5 }),
    /** Runs every queued sync chunk (and the chunks they queue) until the sync is done. */
    async runSync(): Promise<number> {
      let chunks = 0;
      for (let next = takeTask(tasks, "syncCustomerMirror"); next;) {
        await syncCustomerMirror(services, next, { attempt: 1, maxAttempts: 5 });
        chunks++;
        next = takeTask(tasks, "syncCustomerMirror");
      }
      return chunks;
    },
  };
}

function takeTask(queue: ReturnType<typeof recordingTasks>, name: string) {
  const index = queue.tasks.findIndex((t) => t.queue === name);
  return index < 0 ? undefined : queue.tasks.splice(index, 1)[0].payload;
}

async function listCalls(): Promise<Array<{ page: number; perPage: number }>> {
  return (await recordedRequests("particle"))
    .filter((r) => r.method === "GET" && /\/customers$/.test(r.path))
    .map(({ query }) => ({ page: Number(query.page), perPage: Number(query.per_page) }));
}

const events = (name: string) => logs.filter((entry) => entry.message === name);

describe("a product with 100,000 customers", () => {
  it("the first request starts a paced background sync, waits for it, then gets its mail", async () => {
    const h = harness(FLEET.p100k);
    const email = fleetEmail("fleet-100k", 54_321);
    const first = h.task(email);
    await h.deliver(first);
    // Page 1 and the last page were read: not there, and the list was never complete.
    expect(await listCalls()).toEqual([
      { page: 1, perPage: 100 },
      { page: 1000, perPage: 100 },
    ]);
    expect(await mails(email)).toEqual([]);
    const deferred = takeTask(h.tasks, "deliverResetMail") as ResetMailTask;
    expect(deferred).toMatchObject({ requestId: first.requestId, deferrals: 1 });
    expect(events("reset.deferred")[0]).toMatchObject({ reason: "first_sync", seconds: 30 });

    expect(await h.runSync()).toBe(10); // 1,000 pages in chunks of 100
    const state = (await getState(db(), demoRecordKeys(), FLEET.p100k)).state;
    expect(state).toMatchObject({ customers: 100_000, totalPages: 1000, truncated: false });
    expect(state.syncedAt).not.toBeNull();
    const pages = (await listCalls()).slice(2).map((c) => c.page);
    // Every page once, then the closing refresh (first and last page).
    expect(pages).toEqual([...Array.from({ length: 1000 }, (_, i) => i + 1), 1, 1000]);

    h.advance(31_000);
    await h.deliver(deferred);
    expect(await mails(email)).toHaveLength(1);
    expect(await listCalls()).toHaveLength(1004); // the deferred delivery needed no Particle call
  }, 180_000);
});

describe("steady state", () => {
  it("known customers cost one read and no Particle call; 20 unknown addresses share one refresh", async () => {
    const h = harness(FLEET.p10k, { CUSTOMER_REFRESH_SECONDS: "10" });
    await h.deliver(h.task(fleetEmail("fleet-10k", 1))); // on page 1: found by the first refresh
    expect(await mails(fleetEmail("fleet-10k", 1))).toHaveLength(1);
    expect(await h.runSync()).toBe(1);
    const afterSync = (await listCalls()).length;

    h.advance(60_000);
    const known = Array.from({ length: 30 }, (_, i) => fleetEmail("fleet-10k", 2_000 + i * 97));
    await Promise.all(known.map((email) => h.deliver(h.task(email))));
    expect((await listCalls()).length).toBe(afterSync);
    for (const email of known) expect(await mails(email)).toHaveLength(1);

    h.advance(60_000);
    const unknown = Array.from({ length: 20 }, (_, i) => `stranger-${i}@example.com`);
    const payloads = unknown.map((email) => h.task(email));
    await Promise.all(payloads.map((payload) => h.deliver(payload)));
    expect((await listCalls()).slice(afterSync)).toEqual([
      { page: 1, perPage: 100 },
      { page: 100, perPage: 100 },
    ]);
    expect(events("reset.not_eligible")).toHaveLength(20);
    expect(await mails("stranger-0@example.com")).toEqual([]);
  }, 120_000);

  it("a full sync drops deleted customers and rewrites only the buckets that changed", async () => {
    const h = harness(FLEET.p1k);
    await h.deliver(h.task(fleetEmail("fleet-1k", 500)));
    await h.runSync();
    const gone = fleetEmail("fleet-1k", 500);
    expect(await hasMember(db(), demoRecordKeys(), FLEET.p1k, gone)).toBe(true);
    const removed = await fetch(`${particleUrl}/v1/products/${FLEET.p1k}/customers/${gone}`, {
      method: "DELETE",
      headers: { authorization: `Bearer ${FLEET_TOKEN}` },
    });
    expect(removed.status).toBe(200);
    // Past CUSTOMER_SYNC_HOURS (48), the next address not in the mirror starts a new full sync.
    h.advance(49 * 3600_000);
    await h.deliver(h.task("stranger@example.com"));
    expect(await h.runSync()).toBe(1);
    expect(await hasMember(db(), demoRecordKeys(), FLEET.p1k, gone)).toBe(false);
    expect(await hasMember(db(), demoRecordKeys(), FLEET.p1k, fleetEmail("fleet-1k", 501))).toBe(
      true,
    );
    expect(events("eligibility.synced").at(-1)).toMatchObject({
      customers: 999,
      bucketsWritten: 1,
    });
  }, 120_000);
});

describe("new customers", () => {
  it("a customer created at Particle just before the request gets the mail, within one refresh interval", async () => {
    const h = harness("12345", { CUSTOMER_REFRESH_SECONDS: "10" }, "demo-particle-access-token");
    await h.deliver(h.task("alice@example.com")); // mirrors the whole (one-page) list
    const created = await fetch(`${particleUrl}/v1/products/12345/customers`, {
      method: "POST",
      headers: {
        "content-type": "application/x-www-form-urlencoded",
        authorization: `Basic ${Buffer.from("acme-lamp-app:demo-client-secret").toString("base64")}`,
      },
      body: new URLSearchParams({ email: "newcomer@example.com", password: "a-new-password-1" }),
    });
    expect(created.status).toBe(200);
    // The last refresh is under 10 s old: the delivery waits for the interval, then refreshes.
    await h.deliver(h.task("newcomer@example.com"));
    expect(await mails("newcomer@example.com")).toHaveLength(1);
    expect(await listCalls()).toHaveLength(2);
  }, 60_000);
});

describe("a rotated RECORD_KEY_SECRET", () => {
  it("makes the mirror read as never synced: a customer no refresh can see starts a resync and gets the mail", async () => {
    const before = harness(FLEET.p1k);
    await before.deliver(before.task(fleetEmail("fleet-1k", 500)));
    await before.runSync();
    const email = fleetEmail("fleet-1k", 600); // a middle page: the refresh reads only the ends
    expect(await hasMember(db(), demoRecordKeys(), FLEET.p1k, email)).toBe(true);

    const rotated = "a-rotated-record-key-secret-for-the-tests";
    const after = harness(FLEET.p1k, {}, FLEET_TOKEN, rotated);
    const request = after.task(email);
    await after.deliver(request);
    expect(events("reset.not_eligible")).toEqual([]);
    expect(events("reset.deferred").at(-1)).toMatchObject({ reason: "first_sync" });
    const deferred = takeTask(after.tasks, "deliverResetMail") as ResetMailTask;
    expect(deferred).toMatchObject({ requestId: request.requestId });
    expect(await after.runSync()).toBe(1);
    after.advance(31_000);
    await after.deliver(deferred);
    expect(await mails(email)).toHaveLength(1);

    const keys = recordKeys(rotated);
    expect(await hasMember(db(), keys, FLEET.p1k, email)).toBe(true);
    expect(await hasMember(db(), demoRecordKeys(), FLEET.p1k, email)).toBe(false);
    const raw = (await db().collection("customerMirrors").doc(FLEET.p1k).get()).data();
    expect(raw).toMatchObject({ keyVersion: keys.version, customers: 1000 });
  }, 120_000);
});

describe("the refresh interval", () => {
  it("an unknown address right after a refresh waits in the queue for exactly the rest of the interval, then shares one refresh", async () => {
    const h = harness(FLEET.p100, { CUSTOMER_REFRESH_SECONDS: "60" });
    await h.deliver(h.task(fleetEmail("fleet-100", 1))); // mirrors the whole one-page list
    expect(await listCalls()).toHaveLength(1);

    h.advance(20_000);
    const strangers = ["stranger-a@example.com", "stranger-b@example.com"].map((e) => h.task(e));
    await Promise.all(strangers.map((payload) => h.deliver(payload)));
    expect(await listCalls()).toHaveLength(1); // no refresh inside the interval
    const deferred = [takeTask(h.tasks, "deliverResetMail"), takeTask(h.tasks, "deliverResetMail")];
    for (const task of deferred as ResetMailTask[]) {
      const wait = Date.parse(task.notBefore!) - Date.parse(task.requestedAt);
      expect(wait).toBeGreaterThanOrEqual(39_000);
      expect(wait).toBeLessThanOrEqual(41_000);
    }
    expect(events("reset.deferred").map((e) => e.reason)).toEqual([
      "refresh_interval",
      "refresh_interval",
    ]);

    h.advance(41_000);
    await Promise.all((deferred as ResetMailTask[]).map((payload) => h.deliver(payload)));
    expect(await listCalls()).toHaveLength(2); // one refresh answered both
    expect(events("reset.not_eligible")).toHaveLength(2);
    expect(h.tasks.tasks).toEqual([]);
  }, 60_000);
});

describe("bounds", () => {
  it("a list above CUSTOMER_LIST_MAX is mirrored up to the bound and logged for an alert", async () => {
    const h = harness(FLEET.p10k, { CUSTOMER_LIST_MAX: "1000" });
    await h.deliver(h.task(fleetEmail("fleet-10k", 5_000)));
    await h.runSync();
    expect(events("eligibility.list_too_large")).toEqual([
      expect.objectContaining({
        severity: "ERROR",
        productId: FLEET.p10k,
        totalPages: 100,
        maxCustomers: 1000,
      }),
    ]);
    const { state } = await getState(db(), demoRecordKeys(), FLEET.p10k);
    expect(state).toMatchObject({ truncated: true, totalPages: 100 });
    // Pages 1-10 for the sync, plus the refreshes' first and last pages: never page 11-99.
    const pages = new Set((await listCalls()).map((c) => c.page));
    expect([...pages].filter((p) => p > 10 && p < 100)).toEqual([]);
    const deferred = takeTask(h.tasks, "deliverResetMail") as ResetMailTask;
    h.advance(31_000);
    await h.deliver(deferred);
    expect(await mails(fleetEmail("fleet-10k", 5_000))).toEqual([]);
    expect(events("reset.not_eligible")).toHaveLength(1);
  }, 120_000);

  it("Particle's 429 backs eligibility off for minutes: deliveries defer through the queue without calling Particle", async () => {
    const h = harness(FLEET.p100);
    await injectFault("particle", { method: "GET", status: 429, times: 1 });
    const first = h.task(fleetEmail("fleet-100", 7));
    await h.deliver(first);
    expect(await listCalls()).toHaveLength(1);
    expect(events("particle.rate_limited")[0]).toMatchObject({ backoffSeconds: 300 });
    const deferred = takeTask(h.tasks, "deliverResetMail") as ResetMailTask;
    expect(deferred).toMatchObject({ requestId: first.requestId, deferrals: 1 });
    const deferredFor = Date.parse(deferred.notBefore!) - Date.parse(first.requestedAt);
    expect(deferredFor).toBeGreaterThanOrEqual(300_000);
    expect(deferredFor).toBeLessThan(305_000);

    // Another address during the backoff: deferred at once, Particle left alone.
    h.advance(60_000);
    await h.deliver(h.task(fleetEmail("fleet-100", 8)));
    expect(await listCalls()).toHaveLength(1);
    expect(takeTask(h.tasks, "deliverResetMail")).toMatchObject({ deferrals: 1 });

    h.advance(241_000);
    await h.deliver(deferred);
    expect(await mails(fleetEmail("fleet-100", 7))).toHaveLength(1);
    expect(await listCalls()).toHaveLength(2);
  }, 60_000);
});
