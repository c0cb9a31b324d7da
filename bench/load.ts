/**
 * Figure 5: load. Three bursts, each checked for exactness, not just speed:
 *  A. N reset requests at C concurrent through the callable (the apps' path), from a fixed set of
 *     clients that each send more than CLIENT_RATE_LIMIT: exactly the limit is accepted per
 *     client. Some ask for one "hot" customer: it gets exactly min(accepted, EMAIL_RATE_LIMIT)
 *     mails.
 * The Functions emulator runs one request per worker process (~100 MB each) and keeps them, so
 * this figure has it start about C + 60 of them.
 *  B. one reset request for each of T customers (20 concurrent), until all T mails arrived.
 *  C. T completes over those T distinct tokens at 20 concurrent: exactly one Particle PUT and one
 *     "password changed" mail per customer, and every customer's new password works.
 */
import {
  api,
  callable,
  clearStandInLogs,
  errorCode,
  isResetMail,
  nextClient,
  standInRequests,
  type BenchContext,
  type Timed,
} from "./lib/context";
import type { FirestoreCounts } from "./lib/firestore-counter";
import { check, fmtMs, type FigureReport, type Row } from "./lib/report";
import { mapConcurrent, shuffle, summarize, eventually } from "./lib/stats";

export interface LoadPlan {
  requests: number;
  concurrency: number;
  /** Clients sending the requests; requests / clients should exceed CLIENT_RATE_LIMIT. */
  clients: number;
  /** Share of requests that ask for the hot customer. */
  hotShare: number;
  completes: number;
  completeConcurrency: number;
}

export const HOT_EMAIL = "bench-hot@example.com";
export const loadEmail = (i: number) => `bench-load-${String(i).padStart(3, "0")}@example.com`;

interface Outcome {
  answer?: Timed;
  error?: string;
}

async function attempt(run: () => Promise<Timed>): Promise<Outcome> {
  try {
    return { answer: await run() };
  } catch (error) {
    return { error: (error as Error).message };
  }
}

const failuresOf = (counts: FirestoreCounts | null) =>
  counts
    ? `${counts.rpcs.rollback ?? 0} rollbacks, failed RPCs ${JSON.stringify(counts.failed)}`
    : "not counted";

async function requestBurst(ctx: BenchContext, plan: LoadPlan) {
  const limit = Number(ctx.settings.CLIENT_RATE_LIMIT);
  const clients = Array.from({ length: plan.clients }, () => nextClient());
  const perClient = Math.ceil(plan.requests / plan.clients);
  const jobs = shuffle(
    Array.from({ length: plan.requests }, (_, i) => ({
      client: clients[i % plan.clients],
      email: i % Math.round(1 / plan.hotShare) === 0 ? HOT_EMAIL : `load-${i}@unknown.example`,
    })),
    ctx.random,
  );

  // Unmeasured: as many parallel calls as the burst will make, so the emulator's workers exist.
  const warmMark = ctx.support.logMark();
  await mapConcurrent(
    Array.from({ length: plan.concurrency }, (_, i) => i),
    plan.concurrency,
    (i) =>
      attempt(() =>
        callable(ctx, "requestPasswordReset", { email: `warm-${i}@unknown.example` }, nextClient()),
      ),
  );
  await ctx.support.drainQueues(warmMark, 120_000);

  await clearStandInLogs(ctx);
  ctx.counter?.reset();
  const mark = ctx.support.logMark();
  const started = performance.now();
  const outcomes = await mapConcurrent(jobs, plan.concurrency, (job) =>
    attempt(() => callable(ctx, "requestPasswordReset", { email: job.email }, job.client)),
  );
  const seconds = (performance.now() - started) / 1000;
  await ctx.support.drainQueues(mark, 240_000);
  const drainedSeconds = (performance.now() - started) / 1000;
  const firestore = ctx.counter?.snapshot() ?? null;

  const accepted = new Map<string, number>();
  let acceptedHot = 0;
  let limited = 0;
  const errors: string[] = [];
  outcomes.forEach((outcome, i) => {
    const { answer } = outcome;
    if (answer?.status === 200) {
      accepted.set(jobs[i].client, (accepted.get(jobs[i].client) ?? 0) + 1);
      if (jobs[i].email === HOT_EMAIL) acceptedHot += 1;
    } else if (answer?.status === 429 && errorCode(answer) === "rate_limited") {
      limited += 1;
    } else {
      errors.push(outcome.error ?? `${answer?.status} ${JSON.stringify(answer?.body)}`);
    }
  });
  const expectedPerClient = Math.min(perClient, limit);
  const exactClients = clients.filter((c) => (accepted.get(c) ?? 0) === expectedPerClient).length;
  const mails = await ctx.support.mails();
  const hotMails = mails.filter((m) => m.to.includes(HOT_EMAIL)).length;
  const unknownMails = mails.filter((m) => m.to.some((t) => t.endsWith("@unknown.example"))).length;
  const expectedHot = Math.min(acceptedHot, Number(ctx.settings.EMAIL_RATE_LIMIT));
  const latency = summarize(outcomes.flatMap((o) => (o.answer ? [o.answer.ms] : [])));
  return {
    requests: plan.requests,
    concurrency: plan.concurrency,
    clients: plan.clients,
    perClient,
    clientLimit: limit,
    acceptedTotal: [...accepted.values()].reduce((a, b) => a + b, 0),
    limited,
    errors,
    exactClients,
    expectedPerClient,
    acceptedHot,
    hotMails,
    expectedHot,
    unknownMails,
    seconds,
    throughput: plan.requests / seconds,
    drainedSeconds,
    latency,
    firestore,
  };
}

async function issueTokens(ctx: BenchContext, plan: LoadPlan) {
  const emails = Array.from({ length: plan.completes }, (_, i) => loadEmail(i));
  await clearStandInLogs(ctx);
  const mark = ctx.support.logMark();
  const started = performance.now();
  const outcomes = await mapConcurrent(emails, 20, (email) =>
    attempt(() => callable(ctx, "requestPasswordReset", { email }, nextClient())),
  );
  const errors = outcomes.filter((o) => o.answer?.status !== 200).length;
  const wanted = new Set(emails);
  const resetMails = await eventually(
    async () => {
      const mails = (await ctx.support.mails()).filter(
        (m) => isResetMail(m) && wanted.has(m.to[0]),
      );
      return mails.length >= emails.length ? mails : undefined;
    },
    `${emails.length} reset mails`,
    180_000,
    250,
  );
  const seconds = (performance.now() - started) / 1000;
  await ctx.support.drainQueues(mark, 120_000);
  const perEmail = new Map<string, string[]>();
  for (const mail of resetMails) {
    const list = perEmail.get(mail.to[0]) ?? [];
    list.push(ctx.support.tokenFrom(ctx.support.resetLinkFrom(mail)));
    perEmail.set(mail.to[0], list);
  }
  const oneMailEach = emails.every((e) => perEmail.get(e)?.length === 1);
  const tokens = emails.map((e) => ({ email: e, token: perEmail.get(e)![0] }));
  return { errors, seconds, oneMailEach, mails: resetMails.length, tokens };
}

async function completeBurst(
  ctx: BenchContext,
  plan: LoadPlan,
  tokens: Array<{ email: string; token: string }>,
) {
  // Unmeasured: start as many API workers as the burst will use (an invalid token fails fast).
  await mapConcurrent(
    Array.from({ length: plan.completeConcurrency }, (_, i) => i),
    plan.completeConcurrency,
    () => attempt(() => api(ctx, "verify", { token: "x".repeat(43) }, nextClient())),
  );
  await clearStandInLogs(ctx);
  ctx.counter?.reset();
  const mark = ctx.support.logMark();
  const passwords = tokens.map((_, i) => `bench-load-password-${i}-${Date.now()}`);
  const started = performance.now();
  const outcomes = await mapConcurrent(tokens, plan.completeConcurrency, ({ token }, i) =>
    attempt(() => api(ctx, "complete", { token, password: passwords[i] }, nextClient())),
  );
  const seconds = (performance.now() - started) / 1000;
  const errors = outcomes
    .filter((o) => o.answer?.status !== 200)
    .map((o) => o.error ?? `${o.answer?.status} ${JSON.stringify(o.answer?.body)}`);
  await eventually(
    async () => {
      const changed = (await ctx.support.mails()).filter((m) => !isResetMail(m));
      return changed.length >= tokens.length ? true : undefined;
    },
    `${tokens.length} password-changed mails`,
    180_000,
    250,
  );
  await ctx.support.drainQueues(mark, 120_000);
  const firestore = ctx.counter?.snapshot() ?? null;
  const puts = (await standInRequests(ctx, "particle")).filter((r) => r.method === "PUT");
  const changedMails = (await ctx.support.mails()).filter((m) => !isResetMail(m));
  const count = (values: string[]) => {
    const map = new Map<string, number>();
    for (const v of values) map.set(v, (map.get(v) ?? 0) + 1);
    return map;
  };
  const putsPerEmail = count(puts.map((p) => decodeURIComponent(p.path.split("/").pop() ?? "")));
  const mailsPerEmail = count(changedMails.map((m) => m.to[0]));
  const exactlyOne = (map: Map<string, number>) =>
    tokens.filter(({ email }) => map.get(email) === 1).length;
  const logins = await mapConcurrent(tokens, 20, ({ email }, i) =>
    ctx.support.particleLogin(email, passwords[i]),
  );
  return {
    completes: tokens.length,
    concurrency: plan.completeConcurrency,
    errors,
    seconds,
    throughput: tokens.length / seconds,
    latency: summarize(outcomes.flatMap((o) => (o.answer ? [o.answer.ms] : []))),
    puts: puts.length,
    exactlyOnePut: exactlyOne(putsPerEmail),
    changedMails: changedMails.length,
    exactlyOneChangedMail: exactlyOne(mailsPerEmail),
    newPasswordWorks: logins.filter((status) => status === 200).length,
    firestore,
  };
}

export async function measureLoad(ctx: BenchContext, plan: LoadPlan): Promise<FigureReport> {
  const a = await requestBurst(ctx, plan);
  const b = await issueTokens(ctx, plan);
  const c = await completeBurst(ctx, plan, b.tokens);
  const rows: Row[] = [
    {
      metric: `A. ${a.requests} callable requests at ${a.concurrency} concurrent: errors`,
      value: `${a.errors.length}`,
      target: "0",
      status: check(a.errors.length === 0),
    },
    {
      metric: "   throughput / latency",
      value: `${a.throughput.toFixed(1)} req/s (${a.seconds.toFixed(1)} s); p50 ${fmtMs(a.latency.median)} p95 ${fmtMs(a.latency.p95)}`,
    },
    {
      metric: `   client limiter: ${a.clients} clients × ${a.perClient}, limit ${a.clientLimit}`,
      value: `${a.exactClients}/${a.clients} clients got exactly ${a.expectedPerClient} accepted (${a.acceptedTotal} accepted, ${a.limited} rate_limited)`,
      target: "all",
      status: check(a.exactClients === a.clients),
    },
    {
      metric: `   email limiter: ${HOT_EMAIL}`,
      value: `${a.hotMails} mails for ${a.acceptedHot} accepted requests (expected ${a.expectedHot}); mails to unknown emails ${a.unknownMails}`,
      target: `${a.expectedHot}, 0`,
      status: check(a.hotMails === a.expectedHot && a.unknownMails === 0),
    },
    {
      metric: "   queued deliveries drained",
      value: `${a.drainedSeconds.toFixed(1)} s after the burst began (${(a.acceptedTotal / a.drainedSeconds).toFixed(1)} tasks/s); Firestore: ${failuresOf(a.firestore)}`,
    },
    {
      metric: `B. ${plan.completes} tokens issued (20 concurrent requests)`,
      value: `${b.mails} reset mails in ${b.seconds.toFixed(1)} s, errors ${b.errors}, one mail per customer: ${b.oneMailEach ? "yes" : "NO"}`,
      target: "0 errors",
      status: check(b.errors === 0 && b.oneMailEach),
    },
    {
      metric: `C. ${c.completes} completes over distinct tokens at ${c.concurrency} concurrent: errors`,
      value: `${c.errors.length}`,
      target: "0",
      status: check(c.errors.length === 0),
    },
    {
      metric: "   throughput / latency",
      value: `${c.throughput.toFixed(1)} completes/s (${c.seconds.toFixed(1)} s); p50 ${fmtMs(c.latency.median)} p95 ${fmtMs(c.latency.p95)}`,
    },
    {
      metric: "   exactly one PUT / one changed-mail per token",
      value: `${c.exactlyOnePut}/${c.completes} PUT (${c.puts} PUTs), ${c.exactlyOneChangedMail}/${c.completes} mail (${c.changedMails} mails); new password works ${c.newPasswordWorks}/${c.completes}`,
      target: "all",
      status: check(
        c.exactlyOnePut === c.completes &&
          c.puts === c.completes &&
          c.exactlyOneChangedMail === c.completes &&
          c.changedMails === c.completes &&
          c.newPasswordWorks === c.completes,
      ),
    },
    { metric: "   Firestore during C", value: failuresOf(c.firestore) },
  ];
  return {
    id: "5",
    title: "Load",
    samples: `${a.requests} requests (${a.concurrency} concurrent), ${c.completes} tokens and completes (${c.concurrency} concurrent)`,
    rows,
    notes: [
      `the Functions emulator runs one invocation per worker process and at most FUNCTIONS_EMULATOR_PARALLEL (${process.env.FUNCTIONS_EMULATOR_PARALLEL ?? 20}) at once; production serves many per instance, so throughput here is the emulator's`,
      "each burst starts after an unmeasured burst of the same width, so that the emulator's workers exist",
    ],
    data: {
      requests: { ...a, errors: a.errors.slice(0, 20), errorCount: a.errors.length },
      tokens: { ...b, tokens: undefined },
      completes: { ...c, errors: c.errors.slice(0, 20), errorCount: c.errors.length },
    },
  };
}
