/**
 * Figure 1 (enumeration timing) and figure 2 (request overhead), measured together: in every
 * round each of seven kinds of call runs once, in a freshly shuffled order, one call at a time,
 * each from a client address of its own (so the per-client limit never interferes):
 *   callable / HTTP  x  known customer / unknown email / rate-limited email,  and the no-op callable.
 * "Known" is a customer far below the per-email limit, so its mail is really issued and sent;
 * "limited" is one customer whose per-email limit was exhausted first. The answer is the same by
 * design; only the queued work behind it differs, and that runs off the request path.
 */
import {
  api,
  callable,
  eventsSince,
  executionTimesSince,
  isResetMail,
  nextClient,
  type BenchContext,
  type Timed,
} from "./lib/context";
import { check, fmtMs, fmtRatio, type FigureReport, type Row } from "./lib/report";
import {
  ratioOf,
  shuffle,
  summarize,
  eventually,
  percentile,
  type RatioEstimate,
} from "./lib/stats";

const ENDPOINTS = ["callable", "http"] as const;
const CLASSES = ["known", "unknown", "limited"] as const;
type Kind = `${(typeof ENDPOINTS)[number]}/${(typeof CLASSES)[number]}` | "noop";
const KINDS: Kind[] = [
  ...ENDPOINTS.flatMap((e) => CLASSES.map((c) => `${e}/${c}` as Kind)),
  "noop",
];

export const knownEmail = (i: number) => `bench-known-${String(i).padStart(4, "0")}@example.com`;
export const LIMITED_EMAIL = "bench-limited@example.com";

export interface EnumerationPlan {
  rounds: number;
  warmUpRounds: number;
}

/** Known-customer emails the plan uses (two per round: callable and HTTP). */
export const knownEmailsNeeded = (plan: EnumerationPlan) => 2 * (plan.rounds + plan.warmUpRounds);

async function exhaustEmailLimit(ctx: BenchContext): Promise<number> {
  const limit = Number(ctx.settings.EMAIL_RATE_LIMIT);
  for (let i = 0; i < limit; i++) {
    const answer = await api(ctx, "request", { email: LIMITED_EMAIL }, nextClient());
    if (answer.status !== 200) throw new Error(`exhausting ${LIMITED_EMAIL}: ${answer.status}`);
  }
  await eventually(
    async () => {
      const mails = (await ctx.support.mails(LIMITED_EMAIL)).filter(isResetMail);
      return mails.length >= limit ? true : undefined;
    },
    `${limit} mails to ${LIMITED_EMAIL}`,
    60_000,
  );
  return limit;
}

export async function measureEnumeration(
  ctx: BenchContext,
  plan: EnumerationPlan,
): Promise<{ enumeration: FigureReport; overhead: FigureReport }> {
  const exhaustedAfter = await exhaustEmailLimit(ctx);
  let nextKnown = 0;
  let nextUnknown = 0;
  const call = (kind: Kind): Promise<Timed> => {
    const client = nextClient();
    if (kind === "noop") return callable(ctx, "benchNoop", {}, client);
    const [endpoint, kindClass] = kind.split("/");
    const email =
      kindClass === "known"
        ? knownEmail(nextKnown++)
        : kindClass === "unknown"
          ? `nobody-${nextUnknown++}@unknown.example`
          : LIMITED_EMAIL;
    return endpoint === "callable"
      ? callable(ctx, "requestPasswordReset", { email }, client)
      : api(ctx, "request", { email }, client);
  };

  const mark = ctx.support.logMark();
  for (let round = 0; round < plan.warmUpRounds; round++) {
    for (const kind of shuffle(KINDS, ctx.random)) await call(kind);
  }
  const samples = Object.fromEntries(KINDS.map((k) => [k, [] as number[]])) as Record<
    Kind,
    number[]
  >;
  const answers = new Map<string, number>();
  let failures = 0;
  const measuredMark = ctx.support.logMark();
  ctx.counter?.reset();
  const started = Date.now();
  for (let round = 0; round < plan.rounds; round++) {
    for (const kind of shuffle(KINDS, ctx.random)) {
      const answer = await call(kind);
      if (answer.status !== 200) failures += 1;
      samples[kind].push(answer.ms);
      if (kind !== "noop") {
        // What a caller sees: the callable wraps the same body in {result}.
        const seen = JSON.stringify(answer.body?.result ?? answer.body);
        answers.set(seen, (answers.get(seen) ?? 0) + 1);
      }
    }
  }
  const measuringSeconds = (Date.now() - started) / 1000;
  // Where the time goes, for figure 2: execution time as the emulator logged it, and the
  // request path's own Firestore RPCs (the only ones on rateLimits here) as the proxy saw them.
  const executions = executionTimesSince(ctx, measuredMark);
  const firestore = ctx.counter?.snapshot() ?? null;
  // The queued work behind every request must finish before the next figure starts.
  await ctx.support.drainQueues(mark, 240_000);
  const events = eventsSince(ctx, mark);

  const ratios: Record<string, { median: RatioEstimate; p95: RatioEstimate }> = {};
  const rows: Row[] = [];
  for (const endpoint of ENDPOINTS) {
    for (const kindClass of CLASSES) {
      const s = summarize(samples[`${endpoint}/${kindClass}`]);
      rows.push({
        metric: `${endpoint} ${kindClass}`,
        value: `p50 ${fmtMs(s.median)}  p95 ${fmtMs(s.p95)}`,
      });
    }
    for (const kindClass of ["unknown", "limited"] as const) {
      const a = samples[`${endpoint}/${kindClass}`];
      const b = samples[`${endpoint}/known`];
      const median = ratioOf(a, b, ctx.random);
      const p95 = ratioOf(a, b, ctx.random, (v) => percentile(v, 0.95));
      ratios[`${endpoint} ${kindClass}/known`] = { median, p95 };
      rows.push({
        metric: `${endpoint} ${kindClass}/known, median`,
        value: fmtRatio(median),
        target: "1.00 ± 0.05",
        status: check(Math.abs(median.value - 1) <= 0.05),
      });
      rows.push({ metric: `${endpoint} ${kindClass}/known, p95`, value: fmtRatio(p95) });
    }
  }
  const distinctAnswers = answers.size;
  rows.push(
    {
      metric: "distinct answers seen across all classes",
      value: `${distinctAnswers} (${[...answers.values()].join(" + ")} calls), non-200: ${failures}`,
      target: "1, 0",
      status: check(distinctAnswers === 1 && failures === 0),
    },
    {
      metric: "queued work behind them (differs by design)",
      value: `mail_sent ${events["reset.mail_sent"] ?? 0}, not_eligible ${events["reset.not_eligible"] ?? 0}, email_rate_limited ${events["reset.email_rate_limited"] ?? 0}`,
    },
  );
  const enumeration: FigureReport = {
    id: "1",
    title: "Enumeration timing: request latency by kind of email, from a client",
    samples: `${plan.rounds} per series (7 series interleaved in shuffled rounds, ${plan.rounds * KINDS.length} calls in ${measuringSeconds.toFixed(0)} s), after ${plan.warmUpRounds} warm-up rounds`,
    rows,
    notes: [
      ...(rows.some((r) => r.status === "MISS" && /known, median/.test(r.metric))
        ? [
            "a ratio outside 1.00 ± 0.05 whose CI includes 1.00 is within this run's noise: more samples or a quieter machine would be needed to tell",
          ]
        : []),
      `"limited": ${LIMITED_EMAIL} after ${exhaustedAfter} requests (EMAIL_RATE_LIMIT); "known": a different customer below the limit per call; "unknown": a different unknown email per call`,
      "callable = POST {data} to the Functions emulator like the JS SDK; http = POST /api/password-reset/request through the Hosting rewrite",
    ],
    data: {
      rounds: plan.rounds,
      warmUpRounds: plan.warmUpRounds,
      summaries: Object.fromEntries(KINDS.map((k) => [k, summarize(samples[k])])),
      ratios,
      distinctAnswers,
      failures,
      queuedOutcomes: events,
      samplesMs: samples,
    },
  };

  const request = [...CLASSES.flatMap((c) => samples[`callable/${c}`])];
  const noop = samples.noop;
  const overheadMedian = ratioOf(request, noop, ctx.random);
  const overheadP95 = ratioOf(request, noop, ctx.random, (v) => percentile(v, 0.95));
  const known = ratioOf(samples["callable/known"], noop, ctx.random);
  const execRequest = summarize(executions.requestPasswordReset ?? []);
  const execNoop = summarize(executions.benchNoop ?? []);
  // Only request calls touch rateLimits in this phase: per request, how many RPCs and how long.
  const requestCalls = CLASSES.length * ENDPOINTS.length * plan.rounds;
  const limiterRpcs = Object.entries(firestore?.latencyMs ?? {})
    .filter(([key]) => key.endsWith(" rateLimits"))
    .map(([key, s]) => ({ method: key.split(" ")[0], perCall: s.n / requestCalls, ms: s.median }));
  const limiterMs = limiterRpcs.reduce((sum, r) => sum + r.perCall * r.ms, 0);
  const limiterText = limiterRpcs
    .map((r) => `${r.method} ×${r.perCall.toFixed(1)} @ ${fmtMs(r.ms)}`)
    .join(", ");
  const overhead: FigureReport = {
    id: "2",
    title: "Request overhead: requestPasswordReset ÷ a no-op callable, same emulator run",
    samples: `${request.length} requestPasswordReset calls (all three classes) and ${noop.length} no-op calls, interleaved with figure 1`,
    rows: [
      {
        metric: "requestPasswordReset (callable)",
        value: `p50 ${fmtMs(summarize(request).median)}  p95 ${fmtMs(summarize(request).p95)}`,
      },
      {
        metric: "no-op callable (bench codebase)",
        value: `p50 ${fmtMs(summarize(noop).median)}  p95 ${fmtMs(summarize(noop).p95)}`,
      },
      {
        metric: "requestPasswordReset / no-op, median",
        value: fmtRatio(overheadMedian),
        target: "≤ 2.0",
        status: check(overheadMedian.value <= 2),
      },
      { metric: "requestPasswordReset / no-op, p95", value: fmtRatio(overheadP95) },
      { metric: "known-customer calls only / no-op, median", value: fmtRatio(known) },
      {
        metric: "execution inside the emulator, p50 (its log)",
        value: `requestPasswordReset ${fmtMs(execRequest.median)}, no-op ${fmtMs(execNoop.median)}`,
      },
      {
        metric: "  of which the client limit's RPCs at the emulator, p50",
        value: firestore
          ? `≈ ${fmtMs(limiterMs)} (${limiterText})`
          : `not measured: ${ctx.counterMissing}`,
      },
      {
        metric: "  the rest: the Firestore client in the worker, the enqueue, our code",
        value: firestore ? `≈ ${fmtMs(execRequest.median - limiterMs)}` : "n/a",
      },
    ],
    notes: [
      "the no-op lives in bench/noop-functions, a codebase only the benchmark's generated firebase config lists",
      "the RPC times are taken at the proxy, so they leave out the Node Firestore client's own time (gRPC encoding, its channel), which on small machines is most of it (see the README)",
    ],
    data: {
      requestPasswordReset: summarize(request),
      noop: summarize(noop),
      ratioMedian: overheadMedian,
      ratioP95: overheadP95,
      ratioKnownOnly: known,
      executionMs: { requestPasswordReset: execRequest, noop: execNoop },
      firestoreRpcLatencyMs: firestore?.latencyMs ?? null,
    },
  };
  return { enumeration, overhead };
}
