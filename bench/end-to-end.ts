/**
 * Figure 4 (end to end) and figure 6 (cost per completed reset), from the same quiet, sequential
 * run of complete resets: request (callable) -> reset mail at the local SendGrid server -> verify
 * -> complete -> Particle PUT. Nothing else runs meanwhile, so everything the counting proxy, the
 * emulator log and the stand-ins record in this phase belongs to these resets.
 */
import { eventsEnding, type LogEvent } from "../functions/src/contract/events";
import type { QueueName } from "../functions/src/contract/tasks";
import {
  api,
  callable,
  clearStandInLogs,
  eventsSince,
  executionTimesSince,
  invocationsSince,
  isResetMail,
  nextClient,
  standInRequests,
  type BenchContext,
} from "./lib/context";
import { costFigure, functionResources } from "./lib/cost";
import type { FirestoreCounts } from "./lib/firestore-counter";
import { check, fmtSummary, type FigureReport, type Row } from "./lib/report";
import { summarize, eventually } from "./lib/stats";

export const e2eEmail = (i: number) => `bench-e2e-${String(i).padStart(3, "0")}@example.com`;

interface Iteration {
  email: string;
  /** Date.now() when the request was sent: the stand-ins stamp what they receive on the same clock. */
  startedAt: number;
  requestMs: number;
  mailSeenMs: number;
  verifyMs: number;
  completeMs: number;
  totalMs: number;
}

async function oneReset(
  ctx: BenchContext,
  email: string,
  password: string,
  mailTimeoutMs = 30_000,
): Promise<Iteration> {
  const client = nextClient();
  const startedAt = Date.now();
  const start = performance.now();
  const request = await callable(ctx, "requestPasswordReset", { email }, client);
  if (request.status !== 200) throw new Error(`request for ${email}: ${request.status}`);
  const mail = await eventually(
    async () => (await ctx.support.mails(email)).find(isResetMail),
    `the reset mail to ${email}`,
    mailTimeoutMs,
    5,
  );
  const mailSeenMs = performance.now() - start;
  const token = ctx.support.tokenFrom(ctx.support.resetLinkFrom(mail));
  const verify = await api(ctx, "verify", { token }, client);
  if (verify.status !== 200) throw new Error(`verify for ${email}: ${verify.status}`);
  const complete = await api(ctx, "complete", { token, password }, client);
  if (complete.status !== 200) throw new Error(`complete for ${email}: ${complete.status}`);
  return {
    email,
    startedAt,
    requestMs: request.ms,
    mailSeenMs,
    verifyMs: verify.ms,
    completeMs: complete.ms,
    totalMs: performance.now() - start,
  };
}

/** Waits until every "password changed" notice of the phase went out and the queues are empty. */
async function settle(ctx: BenchContext, mark: number, completed: number): Promise<void> {
  await eventually(
    async () => {
      const events = eventsSince(ctx, mark);
      return (events["changed.mail_sent"] ?? 0) >= completed ? true : undefined;
    },
    `${completed} password-changed mails`,
    60_000,
  );
  await ctx.support.drainQueues(mark, 60_000);
}

const perReset = (n: number, count: number) => Number((count / n).toFixed(2));

export async function measureEndToEnd(
  ctx: BenchContext,
  emails: { warmUp: string; measured: string[] },
  /** The measured build, for its deploy manifest (memory and vCPUs per function). */
  functionsDir: string,
): Promise<{ e2e: FigureReport; cost: FigureReport; dollars: FigureReport }> {
  // One unmeasured reset first: workers of all four functions started, customer list cached.
  const warmMark = ctx.support.logMark();
  // Its mail can take over 30 s: on the empty mirror the first request starts the first sync, and
  // a list of several hundred customers defers the delivery until the sync is done.
  await oneReset(ctx, emails.warmUp, "bench-warm-up-password-1", 120_000);
  await settle(ctx, warmMark, 1);

  await clearStandInLogs(ctx);
  ctx.counter?.reset();
  const mark = ctx.support.logMark();
  const iterations: Iteration[] = [];
  for (const [i, email] of emails.measured.entries()) {
    iterations.push(await oneReset(ctx, email, `bench-e2e-password-${i}-new`));
  }
  const n = iterations.length;
  await settle(ctx, mark, n);
  const firestore: FirestoreCounts | null = ctx.counter?.snapshot() ?? null;
  const invocations = invocationsSince(ctx, mark);
  const executionMs = executionTimesSince(ctx, mark);
  const events = eventsSince(ctx, mark);
  const [sendgrid, particle] = await Promise.all([
    standInRequests(ctx, "sendgrid"),
    standInRequests(ctx, "particle"),
  ]);

  // Arrival times as the stand-ins stamped them.
  const arrival = (requests: typeof sendgrid, match: (r: (typeof sendgrid)[number]) => boolean) =>
    requests.filter(match).map((r) => Date.parse(r.at));
  const mailAtMs: number[] = [];
  const putAtMs: number[] = [];
  for (const it of iterations) {
    const [mailAt] = arrival(sendgrid, (r) => JSON.stringify(r.body).includes(it.email));
    const [putAt] = arrival(
      particle,
      (r) => r.method === "PUT" && decodeURIComponent(r.path).includes(it.email),
    );
    mailAtMs.push(mailAt - it.startedAt);
    putAtMs.push(putAt - it.startedAt);
  }

  const stages = {
    total: summarize(iterations.map((i) => i.totalMs)),
    request: summarize(iterations.map((i) => i.requestMs)),
    requestToMailReceived: summarize(mailAtMs),
    requestToMailSeenByClient: summarize(iterations.map((i) => i.mailSeenMs)),
    verify: summarize(iterations.map((i) => i.verifyMs)),
    complete: summarize(iterations.map((i) => i.completeMs)),
    requestToParticlePut: summarize(putAtMs),
  };
  const e2e: FigureReport = {
    id: "4",
    title: "End to end: request -> mail at local SendGrid -> verify -> complete -> Particle PUT",
    samples: `${n} sequential resets (distinct customers and clients), after 1 unmeasured warm-up`,
    rows: [
      {
        metric: "whole reset (request sent -> complete answered)",
        value: fmtSummary(stages.total),
      },
      { metric: "request answered (callable)", value: fmtSummary(stages.request) },
      {
        metric: "request -> mail received by SendGrid",
        value: fmtSummary(stages.requestToMailReceived),
      },
      { metric: "verify answered", value: fmtSummary(stages.verify) },
      { metric: "complete answered (includes the PUT)", value: fmtSummary(stages.complete) },
      {
        metric: "request -> Particle PUT received",
        value: fmtSummary(stages.requestToParticlePut),
      },
    ],
    notes: [
      "absolute times, for information: most of request -> mail is the Cloud Tasks emulator's dispatch (it polls about once a second)",
    ],
    data: { stages, iterations, mailAtMs, putAtMs },
  };

  const mails = sendgrid.filter((r) => r.method === "POST" && r.path === "/v3/mail/send");
  const puts = particle.filter((r) => r.method === "PUT");
  const lists = particle.filter((r) => r.method === "GET" && /\/customers$/.test(r.path));
  const invocationTotal = Object.values(invocations).reduce((a, b) => a + b, 0);
  const rows: Row[] = [];
  if (firestore) {
    const ops = firestore.reads + firestore.writes + firestore.deletes;
    const deletes = firestore.deletes ? ` + ${perReset(n, firestore.deletes)} deletes` : "";
    rows.push(
      {
        metric: "Firestore document operations per reset",
        value: `${perReset(n, ops)}  (${perReset(n, firestore.reads)} reads + ${perReset(n, firestore.writes)} writes${deletes})`,
        target: "≤ 8",
        status: check(ops / n <= 8),
      },
      {
        metric: "  by collection (reads / writes per reset)",
        value: Object.entries(firestore.byCollection)
          .map(([c, o]) => `${c} ${perReset(n, o.reads)}/${perReset(n, o.writes)}`)
          .join(", "),
      },
      {
        metric: "  Firestore RPCs per reset",
        value: Object.entries(firestore.rpcs)
          .map(([m, count]) => `${m} ${perReset(n, count)}`)
          .join(", "),
      },
    );
    if (Object.keys(firestore.failed).length || firestore.unparsed) {
      rows.push({
        metric: "  failed / unparsed Firestore RPCs",
        value: `${JSON.stringify(firestore.failed)} / ${firestore.unparsed}`,
      });
    }
  } else {
    rows.push({
      metric: "Firestore document operations per reset",
      value: `not counted: ${ctx.counterMissing}`,
      target: "≤ 8",
      status: "MISS",
    });
  }
  rows.push(
    {
      metric: "function invocations per reset",
      value: `${perReset(n, invocationTotal)}  (${Object.entries(invocations)
        .map(([f, count]) => `${f} ${perReset(n, count)}`)
        .join(", ")})`,
    },
    {
      metric: "SendGrid calls per reset",
      value: `${perReset(n, mails.length)}  (reset mail + "password changed" notice)`,
    },
    {
      metric: "Particle calls per reset",
      value: `${perReset(n, puts.length + lists.length)}  (PUT ${perReset(n, puts.length)}, customer list pages ${perReset(n, lists.length)})`,
    },
  );
  const cost: FigureReport = {
    id: "6",
    title: "Cost per completed reset, counted during figure 4's run",
    samples: `${n} completed resets (request, mail, verify, complete, notice), queues drained`,
    rows,
    notes: [
      "Firestore: every RPC the functions sent, counted from its gRPC messages by a proxy in front of the emulator; reads inside transactions count like any other, writes of aborted commits do not",
      "customer list pages depend on each worker's 60 s cache of Particle's customer list, so they are amortised over requests",
    ],
    data: {
      completedResets: n,
      firestore,
      firestorePerReset: firestore
        ? {
            reads: firestore.reads / n,
            writes: firestore.writes / n,
            deletes: firestore.deletes / n,
            operations: (firestore.reads + firestore.writes + firestore.deletes) / n,
          }
        : null,
      invocations,
      invocationsPerReset: invocationTotal / n,
      sendgridCalls: mails.length,
      particleCalls: { put: puts.length, customerListPages: lists.length, all: particle.length },
    },
  };

  let dollars: FigureReport;
  if (firestore) {
    const resources = await functionResources(functionsDir);
    // One enqueue per task: each delivery ends with one of its queue's catalogued end events,
    // or hands over to a task it queued ("reset.deferred"); retries are attempts, not enqueues.
    const queues = Object.keys(resources).filter((fn) => resources[fn].taskQueue);
    const ends = queues.flatMap((queue) => eventsEnding(queue as QueueName));
    const tasksEnqueued = [...ends, "reset.deferred" as LogEvent].reduce(
      (sum, event) => sum + (events[event] ?? 0),
      0,
    );
    dollars = costFigure({
      completed: n,
      firestore,
      invocations,
      executionMs,
      resources,
      tasksEnqueued,
      mails: mails.length,
    });
  } else {
    dollars = {
      id: "8",
      title: "Cost in US$ per 1,000 completed resets",
      samples: "none",
      rows: [
        { metric: "total per 1,000 completed resets", value: `not counted: ${ctx.counterMissing}` },
      ],
      data: {},
    };
  }
  return { e2e, cost, dollars };
}
