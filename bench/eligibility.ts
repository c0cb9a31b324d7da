/**
 * Figure 7: what `ELIGIBILITY=particle` costs as the product grows (100 / 1,000 / 10,000 /
 * 100,000 customers: the local Particle server's generated fleet products). The delivery task
 * and the sync chunks run in-process (as test/emulator/eligibility/customer-mirror.test.ts drives
 * them) against the stack's real Firestore emulator and the local Particle and SendGrid servers,
 * with an injected clock and a queue that only records.
 *
 * Per size, one after another, on an emptied mirror:
 *   (a) the first request (cold mirror), then every sync chunk it queued, back to back;
 *   (b) afterwards, the steady state: a mix of known customers (spread over the whole list) and
 *       unknown addresses, in waves of `concurrency` at once. The pace is simulated on the
 *       injected clock: each wave starts `concurrency ÷ requestsPerHour` after the previous one
 *       of its product, so refreshes coalesce as they would at that rate, without waiting for it.
 *       The sizes' waves run interleaved in one shuffled order, so that the p95 ratios compare
 *       samples taken side by side.
 * Particle calls come from the local server's request log (per product path); "at SendGrid" is
 * the moment the mailer's send resolved (SendGrid answered 202), timed per delivery.
 */
import { AsyncLocalStorage } from "node:async_hooks";
import { MIRROR_DEFAULTS } from "../functions/src/config/params";
import type { LogEvent } from "../functions/src/contract/events";
import type { ResetMailTask } from "../functions/src/contract/tasks";
import type { OutgoingMail } from "../functions/src/mail/mailer";
import type { Services } from "../functions/src/services";
import { controlClient } from "../dev/control-client";
import { standInRequests, type BenchContext } from "./lib/context";
import type { LogEntry } from "./lib/handler-logs";
import { check, type FigureReport, type Row } from "./lib/report";
import { percentile, ratioOf, shuffle, summarize, type RatioEstimate } from "./lib/stats";

export interface EligibilityPlan {
  /** Steady-state deliveries per product size. */
  deliveries: number;
  /** Deliveries in flight at once (one wave). */
  concurrency: number;
  /** The simulated request rate (all addresses) the waves are paced to. */
  requestsPerHour: number;
  /** Share of the steady-state deliveries for addresses that are not customers. */
  unknownShare: number;
}

const FLEET_TOKEN = "demo-fleet-token";
const SIZES = [
  { productId: "20100", customers: 100, slug: "fleet-100", label: "100" },
  { productId: "21000", customers: 1_000, slug: "fleet-1k", label: "1k" },
  { productId: "30000", customers: 10_000, slug: "fleet-10k", label: "10k" },
  { productId: "120000", customers: 100_000, slug: "fleet-100k", label: "100k" },
] as const;
type Size = (typeof SIZES)[number];

/** The deployed defaults; the demo stack's 1 s refresh would make unknown addresses nearly free. */
const REFRESH_SECONDS = MIRROR_DEFAULTS.CUSTOMER_REFRESH_SECONDS;
const DEPLOYED_SYNC_HOURS = MIRROR_DEFAULTS.CUSTOMER_SYNC_HOURS;
/** Rounds of running what the steady phase deferred, after its last wave (bounded). */
const MAX_DRAIN_ROUNDS = 5;
/** Bounds: a sync of the largest product is 10 chunks; no loop here runs longer than this. */
const MAX_SYNC_CHUNKS = 50;
const MAX_DEFERRALS_RUN = 10;
const TARGET_CALLS = 0.05;
const TARGET_P95_RATIO = 1.5;

const fleetEmail = (slug: string, n: number) => `${slug}-${String(n).padStart(3, "0")}@example.com`;
const fmtCalls = (x: number) => x.toFixed(3);
const fmtS = (ms: number) => `${(ms / 1000).toFixed(1)} s`;

interface Delivery {
  email: string;
  known: boolean;
  /** performance.now() when the handler was called. */
  startedAt: number;
  /** Handler call -> SendGrid accepted the mail; null when no mail was sent. */
  toMailMs: number | null;
  handlerMs: number;
  /** Whether an unknown address (and so usually a refresh) ran in the same wave. */
  waveHadUnknown?: boolean;
  error?: string;
}

interface Cold {
  firstEmail: string;
  firstHandlerMs: number;
  firstOutcome: "mail" | "deferred" | "no mail";
  firstParticleCalls: number;
  syncChunks: number;
  syncParticleCalls: number;
  syncWallMs: number;
  synced: LogEntry | null;
  /** 30 s deferrals the first customer's task goes through before its mail (0: mail at once). */
  deferrals: number;
  deferredParticleCalls: number;
  firstMailSent: boolean;
}

interface Steady {
  requests: number;
  known: number;
  unknown: number;
  waves: number;
  particleCalls: number;
  refreshes: number;
  simulatedMinutes: number;
  deliveries: Delivery[];
  mails: number;
  notEligible: number;
  deferred: number;
  errors: string[];
}

export async function measureEligibility(
  ctx: BenchContext,
  plan: EligibilityPlan,
): Promise<FigureReport> {
  const inProcess = await import("../test/support/in-process");
  const { deliverResetMail } = await import("../functions/src/handlers/deliver-reset-mail");
  const { syncCustomerMirror } = await import("../functions/src/handlers/sync-customer-mirror");
  const { stateRef } = await import("../functions/src/eligibility/customer-mirror");
  const { captureHandlerLogs } = await import("./lib/handler-logs");
  const support = ctx.support;

  // The handlers' structured logs go to a list, not stdout.
  const captured = captureHandlerLogs();
  const logs = captured.entries;

  /** When the current delivery's mail was accepted by SendGrid (per async context). */
  const mailClock = new AsyncLocalStorage<{ sentAt: number | null }>();

  const policy = Object.fromEntries(
    [
      "EMAIL_RATE_LIMIT",
      "EMAIL_RATE_WINDOW_MINUTES",
      "TOKEN_TTL_MINUTES",
      "CUSTOMER_LIST_MAX",
      "CUSTOMER_SYNC_HOURS",
      "PARTICLE_SYNC_CALLS_PER_MINUTE",
    ].map((name) => [name, ctx.settings[name]]),
  );
  const syncHours = DEPLOYED_SYNC_HOURS;
  const syncPace = Number(policy.PARTICLE_SYNC_CALLS_PER_MINUTE);

  function harness(size: Size) {
    let skipped = 0;
    const clock = () => Date.now() + skipped;
    const tasks = inProcess.recordingTasks();
    const config = inProcess.stackConfig({
      ...policy,
      PARTICLE_PRODUCT_ID: size.productId,
      ELIGIBILITY: "particle",
      CUSTOMER_REFRESH_SECONDS: String(REFRESH_SECONDS),
    });
    const base: Services = inProcess.inProcessServices({
      config,
      secrets: inProcess.stackSecrets({ PARTICLE_ACCESS_TOKEN: FLEET_TOKEN }),
      tasks,
      now: () => new Date(clock()),
    });
    const services: Services = {
      ...base,
      mailer: async () => {
        const mailer = await base.mailer();
        return {
          async send(mail: OutgoingMail) {
            await mailer.send(mail);
            const store = mailClock.getStore();
            if (store) store.sentAt = performance.now();
          },
        };
      },
    };
    const take = (queue: string) => {
      const index = tasks.tasks.findIndex((t) => t.queue === queue);
      return index < 0 ? undefined : tasks.tasks.splice(index, 1)[0].payload;
    };
    return {
      size,
      clock,
      tasks,
      take,
      advance: (ms: number) => void (skipped += Math.max(0, ms)),
      task: (email: string): ResetMailTask => ({
        requestId: crypto.randomUUID(),
        productId: size.productId,
        email,
        locale: "en",
        requestedAt: new Date(clock()).toISOString(),
      }),
      /** Runs the real delivery task once, timing handler call -> mail accepted by SendGrid. */
      async deliver(payload: ResetMailTask, known: boolean): Promise<Delivery> {
        const store = { sentAt: null as number | null };
        const startedAt = performance.now();
        let error: string | undefined;
        await mailClock
          .run(store, () => deliverResetMail(services, payload, { attempt: 1, maxAttempts: 5 }))
          .catch((e: Error) => void (error = e.message));
        return {
          email: payload.email,
          known,
          startedAt,
          toMailMs: store.sentAt === null ? null : store.sentAt - startedAt,
          handlerMs: performance.now() - startedAt,
          error,
        };
      },
      /** Every queued sync chunk, and the chunks they queue, until none is left (bounded). */
      async runSync(): Promise<number> {
        let chunks = 0;
        for (let next = take("syncCustomerMirror"); next && chunks < MAX_SYNC_CHUNKS;) {
          await syncCustomerMirror(services, next, { attempt: 1, maxAttempts: 5 });
          chunks++;
          next = take("syncCustomerMirror");
        }
        return chunks;
      },
    };
  }
  type Harness = ReturnType<typeof harness>;

  const listPath = (size: Size) => new RegExp(`^/v1/products/${size.productId}/customers$`);
  const particleCalls = async (size: Size) =>
    (await standInRequests(ctx, "particle")).filter(
      (r) => r.method === "GET" && listPath(size).test(r.path),
    ).length;
  const events = (name: LogEvent, productId: string, since: number) =>
    logs.slice(since).filter((e) => e.message === name && e.productId === productId);

  async function cold(h: Harness): Promise<Cold> {
    const { size } = h;
    const db = support.db();
    await db.recursiveDelete(stateRef(db, size.productId));
    const before = await particleCalls(size);
    // A typical customer: in the middle of the list, on neither the first nor the last page.
    const firstEmail = fleetEmail(size.slug, Math.ceil(size.customers / 2) + 1);
    const first = h.task(firstEmail);
    const firstRun = await h.deliver(first, true);
    const deferred = h.take("deliverResetMail") as ResetMailTask | undefined;
    const afterFirst = await particleCalls(size);
    const deferredAt = h.clock();

    const logMark = logs.length;
    const syncStart = performance.now();
    const syncChunks = await h.runSync();
    const syncWallMs = performance.now() - syncStart;
    const afterSync = await particleCalls(size);

    let deferrals = 0;
    let firstMailSent = firstRun.toMailMs !== null;
    if (deferred) {
      // In a deployment the task comes back every 30 s until the sync is done; each visit before
      // then costs a state read and no Particle call. Jump the clock to the visit that finds it.
      const deferMs = Date.parse(deferred.notBefore!) - Date.parse(first.requestedAt);
      deferrals = Math.max(1, Math.ceil(syncWallMs / deferMs));
      h.advance(deferredAt + deferrals * deferMs - h.clock());
      let task: ResetMailTask | undefined = deferred;
      for (let visit = 0; task && !firstMailSent && visit < MAX_DEFERRALS_RUN; visit++) {
        firstMailSent = (await h.deliver(task, true)).toMailMs !== null;
        task = h.take("deliverResetMail") as ResetMailTask | undefined;
        if (task) {
          deferrals++;
          h.advance(Date.parse(task.notBefore!) - h.clock());
        }
      }
    }
    const afterDeferred = await particleCalls(size);
    return {
      firstEmail,
      firstHandlerMs: firstRun.handlerMs,
      firstOutcome: firstRun.toMailMs !== null ? "mail" : deferred ? "deferred" : "no mail",
      firstParticleCalls: afterFirst - before,
      syncChunks,
      syncParticleCalls: afterSync - afterFirst,
      syncWallMs,
      synced: events("eligibility.synced", size.productId, logMark)[0] ?? null,
      deferrals,
      deferredParticleCalls: afterDeferred - afterSync,
      firstMailSent,
    };
  }

  /** The steady-state mix of one size: known customers spread evenly over the list, shuffled. */
  function mix(size: Size): Array<{ email: string; known: boolean }> {
    const unknown = Math.round(plan.deliveries * plan.unknownShare);
    const known = plan.deliveries - unknown;
    // One customer in each of `known` equal slices of the list: distinct when the list is larger,
    // at most ⌈known ÷ size⌉ times each otherwise (2 for 180 of 100, below the mail limit of 3).
    const requests = [
      ...Array.from({ length: known }, (_, k) => ({
        email: fleetEmail(
          size.slug,
          Math.min(size.customers, Math.floor(((k + ctx.random()) * size.customers) / known) + 1),
        ),
        known: true,
      })),
      ...Array.from({ length: unknown }, (_, k) => ({
        email: `bench-stranger-${size.label}-${k}-${Math.floor(ctx.random() * 1e9)}@example.com`,
        known: false,
      })),
    ];
    return shuffle(requests, ctx.random);
  }

  const waveMs = (plan.concurrency / plan.requestsPerHour) * 3600_000;

  async function steadyState(harnesses: Harness[]): Promise<Map<Size, Steady>> {
    const waves: Array<{ h: Harness; wave: Array<{ email: string; known: boolean }> }> = [];
    const results = new Map<Size, Steady>();
    const logMark = logs.length;
    const before = new Map<Size, number>();
    const firstWaveAt = new Map<Size, number>();
    for (const h of harnesses) {
      const requests = mix(h.size);
      for (let i = 0; i < requests.length; i += plan.concurrency) {
        waves.push({ h, wave: requests.slice(i, i + plan.concurrency) });
      }
      before.set(h.size, await particleCalls(h.size));
      results.set(h.size, {
        requests: requests.length,
        known: requests.filter((r) => r.known).length,
        unknown: requests.filter((r) => !r.known).length,
        waves: 0,
        particleCalls: 0,
        refreshes: 0,
        simulatedMinutes: 0,
        deliveries: [],
        mails: 0,
        notEligible: 0,
        deferred: 0,
        errors: [],
      });
    }
    const lastWaveAt = new Map<Harness, number>();
    // Unknown addresses may hand themselves back to the queue until the refresh interval has
    // passed: they run again with the first wave at or after their time, as Cloud Tasks would.
    const waiting = new Map<Harness, ResetMailTask[]>(harnesses.map((h) => [h, []]));
    const runDue = (h: Harness) => {
      const queue = waiting.get(h)!;
      for (let t; (t = h.take("deliverResetMail") as ResetMailTask | undefined);) queue.push(t);
      const due = queue.filter((t) => Date.parse(t.notBefore!) <= h.clock());
      waiting.set(
        h,
        queue.filter((t) => !due.includes(t)),
      );
      return due.map((t) => h.deliver(t, false));
    };
    for (const { h, wave } of shuffle(waves, ctx.random)) {
      // The pace: this product's previous wave started `waveMs` ago on its clock.
      const last = lastWaveAt.get(h);
      h.advance(last === undefined ? waveMs : last + waveMs - h.clock());
      lastWaveAt.set(h, h.clock());
      if (!firstWaveAt.has(h.size)) firstWaveAt.set(h.size, h.clock());
      const again = runDue(h);
      const done = await Promise.all(wave.map((r) => h.deliver(h.task(r.email), r.known)));
      await Promise.all(again);
      const hadUnknown = wave.some((r) => !r.known);
      for (const d of done) d.waveHadUnknown = hadUnknown;
      const result = results.get(h.size)!;
      result.waves++;
      result.deliveries.push(...done);
    }
    for (const h of harnesses) {
      for (let round = 0; round < MAX_DRAIN_ROUNDS; round++) {
        const again = runDue(h);
        const later = waiting.get(h)!.map((t) => Date.parse(t.notBefore!));
        await Promise.all(again);
        if (!again.length && !later.length && !h.tasks.tasks.length) break;
        if (later.length) h.advance(Math.min(...later) - h.clock());
      }
    }
    for (const h of harnesses) {
      const result = results.get(h.size)!;
      const { productId } = h.size;
      result.particleCalls = (await particleCalls(h.size)) - before.get(h.size)!;
      result.refreshes = events("eligibility.refreshed", productId, logMark).length;
      result.notEligible = events("reset.not_eligible", productId, logMark).length;
      result.deferred = events("reset.deferred", productId, logMark).length;
      result.mails = result.deliveries.filter((d) => d.toMailMs !== null).length;
      result.errors = result.deliveries.flatMap((d) => (d.error ? [d.error] : []));
      result.simulatedMinutes = (lastWaveAt.get(h)! + waveMs - firstWaveAt.get(h.size)!) / 60_000;
      h.tasks.tasks.length = 0;
    }
    return results;
  }

  try {
    await support.resetAll();
    // The stand-in builds a fleet product's customers on first use: not the system's cost.
    await Promise.all(
      SIZES.map((s) =>
        fetch(`${ctx.urls.particle}/v1/products/${s.productId}/customers?page=1&per_page=1`, {
          headers: { authorization: `Bearer ${FLEET_TOKEN}` },
        }),
      ),
    );
    await controlClient(ctx.urls.particle).clearRequests();

    const harnesses = SIZES.map(harness);
    const colds = new Map<Size, Cold>();
    for (const h of harnesses) {
      console.log(`[bench]   figure 7: ${h.size.label} customers, cold mirror and full sync…`);
      colds.set(h.size, await cold(h));
    }
    console.log(
      `[bench]   figure 7: steady state, ${plan.deliveries} deliveries per size in waves of ${plan.concurrency}…`,
    );
    const steady = await steadyState(harnesses);
    return report(plan, colds, steady, { syncHours, syncPace, waveMs }, ctx.random);
  } finally {
    captured.restore();
  }
}

function report(
  plan: EligibilityPlan,
  colds: Map<Size, Cold>,
  steady: Map<Size, Steady>,
  settings: { syncHours: number; syncPace: number; waveMs: number },
  random: () => number,
): FigureReport {
  const requestsPerSync = settings.syncHours * plan.requestsPerHour;
  const perSize = SIZES.map((size) => {
    const c = colds.get(size)!;
    const s = steady.get(size)!;
    const latencies = s.deliveries
      .filter((d) => d.known && d.toMailMs !== null)
      .map((d) => d.toMailMs!);
    const knownIn = (withUnknown: boolean) =>
      s.deliveries
        .filter((d) => d.known && d.toMailMs !== null && d.waveHadUnknown === withUnknown)
        .map((d) => d.toMailMs!);
    const byWave = { quiet: summarize(knownIn(false)), withUnknown: summarize(knownIn(true)) };
    const unknownDecision = s.deliveries.filter((d) => !d.known).map((d) => d.handlerMs);
    const callsPerRequest = s.particleCalls / s.requests;
    const amortised = callsPerRequest + c.syncParticleCalls / requestsPerSync;
    return {
      size,
      cold: c,
      steady: { ...s, deliveries: undefined },
      deliveries: s.deliveries,
      latency: summarize(latencies),
      byWave,
      latencies,
      unknownDecision: summarize(unknownDecision),
      callsPerRequest,
      amortised,
    };
  });
  const baseline = perSize[0];
  const p95 = (values: readonly number[]) => percentile(values, 0.95);
  const ratios: Array<RatioEstimate | null> = perSize.map((p, i) =>
    i === 0 || !p.latencies.length || !baseline.latencies.length
      ? null
      : ratioOf(p.latencies, baseline.latencies, random, p95),
  );
  const join = (f: (p: (typeof perSize)[number], i: number) => string) =>
    perSize.map(f).join(" | ");
  const sum = (f: (p: (typeof perSize)[number]) => number) =>
    perSize.reduce((total, p) => total + f(p), 0);
  const sizes = SIZES.map((s) => s.label).join(" | ");
  const ms = (x: number) => (Number.isFinite(x) ? `${Math.round(x)}` : "n/a");

  const cold = (c: Cold) => {
    const first =
      c.firstOutcome === "mail"
        ? `${c.firstParticleCalls} Particle call, mail at once`
        : `${c.firstParticleCalls} Particle calls, ${c.firstOutcome}`;
    if (c.syncChunks === 0) return `${first}; no sync (one page: the refresh read it all)`;
    const mail = c.firstMailSent ? `mail after ${c.deferrals} × 30 s` : "NO MAIL";
    const chunks = `${c.syncChunks} chunk${c.syncChunks > 1 ? "s" : ""}`;
    return `${first}; sync ${c.syncParticleCalls} calls, ${chunks}, ${fmtS(c.syncWallMs)}; ${mail}`;
  };
  const callsOk = perSize.every((p) => p.callsPerRequest <= TARGET_CALLS);
  const amortisedOk = perSize.every((p) => p.amortised <= TARGET_CALLS);
  const ratiosOk = ratios.every((r) => r === null || r.value <= TARGET_P95_RATIO);
  const exact = perSize.every(
    (p) =>
      p.steady.mails === p.steady.known &&
      p.steady.notEligible === p.steady.unknown &&
      p.steady.errors.length === 0,
  );
  const rate = plan.requestsPerHour.toLocaleString("en-US");

  const rows: Row[] = [
    ...perSize.map((p, i) => ({
      metric: `${i === 0 ? "a." : "  "} ${p.size.customers.toLocaleString("en-US")} customers: cold first request`,
      value: cold(p.cold),
    })),
    {
      metric: `b. Particle calls per request: ${sizes}`,
      value: `${join((p) => fmtCalls(p.callsPerRequest))}  (${join((p) => String(p.steady.particleCalls))} calls)`,
      target: `≤ ${TARGET_CALLS}`,
      status: check(callsOk),
    },
    {
      metric: `   + 1 full sync per ${settings.syncHours} h at ${rate} req/h`,
      value: join((p) => fmtCalls(p.amortised)),
      target: `≤ ${TARGET_CALLS}`,
      status: check(amortisedOk),
    },
    {
      metric: "   refreshes (first + last page) / waves",
      value: join((p) => `${p.steady.refreshes}/${p.steady.waves}`),
    },
    {
      metric: "   request -> mail p50, delivery task in-process",
      value: `${join((p) => ms(p.latency.median))} ms`,
    },
    {
      metric: "   request -> mail p95, delivery task in-process",
      value: `${join((p) => ms(p.latency.p95))} ms`,
    },
    {
      metric: "   p95 ÷ 100-customer p95: 1k | 10k | 100k",
      value: ratios
        .slice(1)
        .map((r) =>
          r ? `${r.value.toFixed(2)} (CI ${r.low.toFixed(2)}–${r.high.toFixed(2)})` : "n/a",
        )
        .join(" | "),
      target: `≤ ${TARGET_P95_RATIO}`,
      status: check(ratiosOk),
    },
    {
      metric: "   p95 in waves without / with an unknown address",
      value: `${join((p) => `${ms(p.byWave.quiet.p95)}/${ms(p.byWave.withUnknown.p95)}`)} ms`,
    },
    {
      metric: "   unknown address -> not eligible, p50 / p95",
      value: `${join((p) => `${ms(p.unknownDecision.median)}/${ms(p.unknownDecision.p95)}`)} ms`,
    },
    {
      metric: "   mails, not eligible, deferred, errors (all sizes)",
      value: `${sum((p) => p.steady.mails)}/${sum((p) => p.steady.known)} mails, ${sum((p) => p.steady.notEligible)}/${sum((p) => p.steady.unknown)} not eligible, ${sum((p) => p.steady.deferred)} deferred, ${sum((p) => p.steady.errors.length)} errors`,
      target: "exact",
      status: check(exact),
    },
  ];
  const known = perSize[0].steady.known;
  return {
    id: "7",
    title: "Eligibility cost against product size (ELIGIBILITY=particle, customer mirror)",
    samples: `per size: 1 cold request + the sync it started, then ${plan.deliveries} deliveries (${known} known customers spread over the list, ${plan.deliveries - known} unknown) in waves of ${plan.concurrency}, sizes' waves interleaved in shuffled order`,
    rows,
    notes: [
      `in-process: the real delivery task and sync chunks (functions/src as the figure loaded it, not the build copy) in the benchmark's process, against the stack's Firestore emulator and local Particle/SendGrid servers; CUSTOMER_REFRESH_SECONDS=${REFRESH_SECONDS} (deployed default)`,
      `pace: a wave of ${plan.concurrency} every ${(settings.waveMs / 1000).toFixed(0)} s on the injected clock = ${plan.requestsPerHour.toLocaleString("en-US")} requests/hour per product (assumed); run back to back, refreshes would coalesce over more requests and look cheaper`,
      `the sync runs its chunks back to back at PARTICLE_SYNC_CALLS_PER_MINUTE=${settings.syncPace}; deployed default 400/min: at least ${join((p) => (p.cold.syncChunks ? fmtS((p.cold.syncParticleCalls * 60_000) / 400) : "–"))} of pacing alone; the first customer's task is deferred 30 s at a time until then`,
    ],
    data: {
      plan,
      refreshSeconds: REFRESH_SECONDS,
      syncHours: settings.syncHours,
      syncCallsPerMinute: settings.syncPace,
      simulatedWaveSeconds: settings.waveMs / 1000,
      sizes: perSize.map((p, i) => ({
        productId: p.size.productId,
        customers: p.size.customers,
        cold: p.cold,
        steady: p.steady,
        callsPerRequest: p.callsPerRequest,
        amortisedCallsPerRequest: p.amortised,
        requestToMail: p.latency,
        requestToMailByWave: p.byWave,
        p95RatioTo100: ratios[i],
        unknownToDecision: p.unknownDecision,
        requestToMailMs: p.latencies,
      })),
    },
  };
}
