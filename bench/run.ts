/**
 * `npm run bench`: builds, measures cold start in fresh Node processes, then starts the local
 * stack (emulators + local Particle/SendGrid servers, like the emulator tests, plus the
 * benchmark-only no-op codebase and a Firestore counting proxy) and measures figures 1, 2, 4, 5,
 * 6, 7 and 8 against it. Prints one table per figure and writes bench/results/latest.json.
 *
 *   npm run bench                       all figures, full sample counts (a few minutes)
 *   npm run bench -- --quick            small sample counts, to check the benchmark itself
 *   npm run bench -- --only eligibility only the named figures (comma-separated: cold-start,
 *                                       end-to-end (4 + 6 + 8), enumeration (1 + 2), load, eligibility)
 *   STACK_PORT_OFFSET=4000 npm run bench  every port shifted, next to other stacks
 * Settings come from dev/demo-config.ts with the same environment overrides as `npm start`.
 */
import { mkdirSync, writeFileSync } from "node:fs";
import { cpus, freemem, totalmem } from "node:os";
import { join } from "node:path";
import { projectIdFor, resolveSettings, stackPorts } from "../dev/demo-config";
import { startStack } from "../scripts/stack/run-stack";
import { measureColdStart, type ColdStartPlan } from "./cold-start";
import { e2eEmail, measureEndToEnd } from "./end-to-end";
import {
  knownEmail,
  knownEmailsNeeded,
  LIMITED_EMAIL,
  measureEnumeration,
  type EnumerationPlan,
} from "./enumeration";
import { measureEligibility, type EligibilityPlan } from "./eligibility";
import { createCustomers, type BenchContext, type Support } from "./lib/context";
import { startFirestoreCounter, type FirestoreCounter } from "./lib/firestore-counter";
import { renderReport, type FigureReport } from "./lib/report";
import { createRandom } from "./lib/stats";
import { snapshotFunctions, type FunctionsSnapshot } from "./lib/snapshot";
import { HOT_EMAIL, loadEmail, measureLoad, type LoadPlan } from "./load";

interface Plan {
  coldStart: ColdStartPlan;
  enumeration: EnumerationPlan;
  endToEnd: number;
  load: LoadPlan;
  eligibility: EligibilityPlan;
}

/** What `--only` accepts; every figure runs without it. */
const FIGURES = ["cold-start", "end-to-end", "enumeration", "load", "eligibility"] as const;
type FigureName = (typeof FIGURES)[number];

const FULL: Plan = {
  coldStart: { headlineRounds: 40, detailRounds: 12 },
  enumeration: { rounds: 300, warmUpRounds: 5 },
  endToEnd: 30,
  load: {
    requests: 500,
    concurrency: 50,
    clients: 20,
    hotShare: 1 / 8,
    completes: 200,
    completeConcurrency: 20,
  },
  eligibility: { deliveries: 200, concurrency: 10, requestsPerHour: 3000, unknownShare: 0.1 },
};

const QUICK: Plan = {
  coldStart: { headlineRounds: 6, detailRounds: 2 },
  enumeration: { rounds: 20, warmUpRounds: 2 },
  endToEnd: 4,
  load: {
    requests: 100,
    concurrency: 20,
    clients: 4,
    hotShare: 1 / 8,
    completes: 20,
    completeConcurrency: 10,
  },
  eligibility: { deliveries: 40, concurrency: 10, requestsPerHour: 3000, unknownShare: 0.1 },
};

/** The settings that shape the figures, and which of them the environment overrode. */
const REPORTED_SETTINGS = [
  "ELIGIBILITY",
  "EMAIL_RATE_LIMIT",
  "EMAIL_RATE_WINDOW_MINUTES",
  "CLIENT_RATE_LIMIT",
  "CLIENT_RATE_WINDOW_MINUTES",
  "TOKEN_TTL_MINUTES",
];

const ROOT = join(__dirname, "..");
const RESULTS = join(__dirname, "results", "latest.json");

function log(message: string): void {
  console.log(`[bench] ${message}`);
}

/** Measures figures 1, 2, 4, 5, 6, 7 and 8, adding each to `done` as soon as it is measured. */
async function withStack(
  plan: Plan,
  settings: Record<string, string>,
  random: () => number,
  snapshot: FunctionsSnapshot,
  done: FigureReport[],
  only: Set<FigureName>,
): Promise<void> {
  const ports = stackPorts();
  const counter: FirestoreCounter = await startFirestoreCounter({
    host: "127.0.0.1",
    port: ports.firestore,
  });
  log("starting emulators and local Particle/SendGrid servers…");
  const started = Date.now();
  const stack = await startStack({
    echo: process.env.STACK_ECHO === "1",
    extraCodebases: [{ source: "bench/noop-functions", codebase: "bench" }],
    functionsSource: snapshot.source,
    functionsFirestoreHost: counter.host,
  }).catch(async (error) => {
    await counter.close();
    throw error;
  });
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    await stack.stop();
    await counter.close();
  };
  for (const signal of ["SIGINT", "SIGTERM"] as const) {
    process.once(signal, () => {
      log(`${signal}: stopping the stack…`);
      void stop().then(() => process.exit(130));
    });
  }
  try {
    log(`stack ready in ${((Date.now() - started) / 1000).toFixed(1)} s; log: ${stack.logFile}`);
    // test/support/stack.ts reads the stack's URLs from the environment when first imported.
    Object.assign(process.env, stack.env);
    const support: Support = await import("../test/support/stack");
    const counting = stack.functionsFirestoreHost === counter.host;
    const ctx: BenchContext = {
      support,
      urls: stack.urls,
      logFile: stack.logFile,
      counter: counting ? counter : null,
      counterMissing: counting
        ? undefined
        : "firebase-tools started its own Firestore emulator and points the functions at it; install the Cloud SDK emulator (or set FIRESTORE_EMULATOR_JAR) to count",
      settings,
      random,
    };

    await support.resetAll();
    if (only.has("end-to-end") || only.has("enumeration") || only.has("load")) {
      // Before any function runs, so that every worker's cached customer list already has them.
      const customers = [
        ...Array.from({ length: knownEmailsNeeded(plan.enumeration) }, (_, i) => knownEmail(i)),
        ...Array.from({ length: plan.endToEnd + 1 }, (_, i) => e2eEmail(i)),
        ...Array.from({ length: plan.load.completes }, (_, i) => loadEmail(i)),
        LIMITED_EMAIL,
        HOT_EMAIL,
      ];
      await createCustomers(ctx, customers);
      log(`${customers.length} bench customers created at the local Particle server`);
    }

    if (only.has("end-to-end")) {
      log(`figures 4 + 6 + 8: ${plan.endToEnd} end-to-end resets…`);
      const { e2e, cost, dollars } = await measureEndToEnd(
        ctx,
        {
          warmUp: e2eEmail(plan.endToEnd),
          measured: Array.from({ length: plan.endToEnd }, (_, i) => e2eEmail(i)),
        },
        snapshot.dir,
      );
      done.push(e2e, cost, dollars);
    }
    if (only.has("enumeration")) {
      log(`figures 1 + 2: ${plan.enumeration.rounds} interleaved rounds of 7 calls…`);
      const { enumeration, overhead } = await measureEnumeration(ctx, plan.enumeration);
      done.push(enumeration, overhead);
    }
    if (only.has("load")) {
      log("figure 5: load…");
      // The emulator keeps one worker process (~100 MB) per invocation it ran in parallel.
      if (freemem() < 8 * 2 ** 30) {
        log(`warning: ${Math.round(freemem() / 2 ** 20)} MB of memory free; figure 5 may fail`);
      }
      done.push(await measureLoad(ctx, plan.load));
    }
    if (only.has("eligibility")) {
      // Last, on its own: it empties Firestore and the stand-ins first, and nothing else runs.
      log(
        `figure 7: eligibility against product size (100 to 100,000 customers, ${plan.eligibility.deliveries} deliveries each)…`,
      );
      done.push(await measureEligibility(ctx, plan.eligibility));
    }
  } finally {
    log("stopping the stack…");
    await stop();
  }
}

async function main(): Promise<void> {
  const quick = process.argv.includes("--quick");
  const plan = quick ? QUICK : FULL;
  const only = parseOnly(process.argv);
  const ports = stackPorts();
  const settings = resolveSettings(ports);
  const overridden = REPORTED_SETTINGS.filter((name) => process.env[name] !== undefined);
  const seed = Number(process.env.BENCH_SEED ?? Date.now() % 1_000_000);
  const random = createRandom(seed);
  const began = Date.now();

  const snapshot = snapshotFunctions(ports.offset);
  log(`measuring a copy of the build in ${snapshot.source} (${snapshot.revision})`);
  if (only.size < FIGURES.length) log(`only: ${[...only].join(", ")}`);
  const done: FigureReport[] = [];
  let failure: Error | undefined;
  try {
    if (only.has("cold-start")) {
      log(
        `figure 3: cold start (${plan.coldStart.headlineRounds} + ${plan.coldStart.detailRounds} rounds of fresh processes)…`,
      );
      done.push(await measureColdStart(plan.coldStart, random, snapshot.dir));
    }
    if ([...only].some((name) => name !== "cold-start")) {
      await withStack(plan, settings, random, snapshot, done, only);
    }
  } catch (error) {
    // Report what was measured before the failure, marked as partial.
    failure = error as Error;
  }
  const figures = done.sort((a, b) => a.id.localeCompare(b.id));

  const timestamp = new Date().toISOString();
  const settingsLine = REPORTED_SETTINGS.map(
    (name) => `${name}=${settings[name]}${overridden.includes(name) ? " (from env)" : ""}`,
  ).join(", ");
  const header = [
    "",
    `Particle password reset benchmark — ${timestamp}${quick ? "  [QUICK: small samples, not for reporting]" : ""}${only.size < FIGURES.length ? `  [ONLY: ${[...only].join(", ")}]` : ""}${failure ? "  [PARTIAL: stopped by an error]" : ""}`,
    `Node ${process.version} on ${process.platform}/${process.arch}, ${cpus().length} × ${cpus()[0]?.model ?? "?"}, ${(totalmem() / 2 ** 30).toFixed(0)} GB`,
    `Code: ${snapshot.revision}. Stack: project ${projectIdFor(ports)}, port offset ${ports.offset}, FUNCTIONS_EMULATOR_PARALLEL=${process.env.FUNCTIONS_EMULATOR_PARALLEL ?? "20 (stack default)"}`,
    `Settings: ${settingsLine}`,
    `Shuffle seed ${seed} (BENCH_SEED reproduces the order). Absolute times vary from machine to machine; the ratios are the headline.`,
  ];
  console.log(renderReport(figures, header));

  const targets = figures.flatMap((f) =>
    f.rows
      .filter((r) => r.target)
      .map((r) => ({
        figure: f.id,
        metric: r.metric.trim(),
        value: r.value,
        target: r.target,
        status: r.status,
      })),
  );
  const missed = targets.filter((t) => t.status === "MISS");
  const json = {
    timestamp,
    quick,
    only: only.size < FIGURES.length ? [...only] : null,
    partial: failure ? failure.message : false,
    node: process.version,
    platform: `${process.platform}/${process.arch}`,
    cpus: { count: cpus().length, model: cpus()[0]?.model },
    totalMemoryBytes: totalmem(),
    durationSeconds: Math.round((Date.now() - began) / 1000),
    seed,
    revision: snapshot.revision,
    stack: {
      projectId: projectIdFor(ports),
      portOffset: ports.offset,
      functionsEmulatorParallel: process.env.FUNCTIONS_EMULATOR_PARALLEL ?? "20",
    },
    settings: Object.fromEntries(REPORTED_SETTINGS.map((n) => [n, settings[n]])),
    settingsFromEnvironment: overridden,
    plan,
    targets,
    figures: Object.fromEntries(
      figures.map((f) => [
        f.id,
        { title: f.title, samples: f.samples, rows: f.rows, notes: f.notes, data: f.data },
      ]),
    ),
  };
  mkdirSync(join(ROOT, "bench", "results"), { recursive: true });
  writeFileSync(RESULTS, `${JSON.stringify(json, null, 2)}\n`);
  log(
    `${targets.length - missed.length}/${targets.length} targets met; results in ${RESULTS} (${json.durationSeconds} s)`,
  );
  for (const miss of missed)
    log(`MISS  figure ${miss.figure}: ${miss.metric} = ${miss.value} (target ${miss.target})`);
  if (failure) throw failure;
}

/** `--only a,b` or `--only=a,b`: the figures to run (all without it). */
function parseOnly(argv: string[]): Set<FigureName> {
  const at = argv.findIndex((arg) => arg === "--only" || arg.startsWith("--only="));
  if (at < 0) return new Set(FIGURES);
  const value = argv[at].startsWith("--only=") ? argv[at].slice("--only=".length) : argv[at + 1];
  const names = (value ?? "").split(",").filter(Boolean);
  const unknown = names.filter((name) => !(FIGURES as readonly string[]).includes(name));
  if (!names.length || unknown.length) {
    throw new Error(`--only takes a comma-separated list of ${FIGURES.join(", ")}`);
  }
  return new Set(names as FigureName[]);
}

main().then(
  () => process.exit(0),
  (error: Error) => {
    console.error(`[bench] ${error.stack ?? error.message}`);
    process.exit(1);
  },
);
