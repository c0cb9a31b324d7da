/**
 * Figure 3: cold start and deployed package size.
 *
 * Every sample is a fresh `node --expose-gc bench/cold-start/probe.js <scenario>` process; the
 * scenarios of one round run in a shuffled order, round after round, so that machine noise hits
 * all of them alike. Load time is measured inside the process (Node's own start-up, the same for
 * every scenario, is left out); memory is RSS and V8 heap after a full GC.
 */
import { execFile } from "node:child_process";
import { readFileSync, rmSync, statSync } from "node:fs";
import { createRequire } from "node:module";
import { join, relative } from "node:path";
import { promisify } from "node:util";
import { check, fmtKb, fmtMb, fmtMs, fmtRatio, type FigureReport, type Row } from "./lib/report";
import { ratioOf, shuffle, summarize, type Summary } from "./lib/stats";

const ROOT = join(__dirname, "..");
const PROBE = join(__dirname, "cold-start", "probe.js");
const run = promisify(execFile);

interface Sample {
  loadMs: number;
  rss: number;
  heapUsed: number;
  modules: number;
}

export interface ColdStartPlan {
  /** Rounds of [entry, baseline]: the headline ratio. */
  headlineRounds: number;
  /** Rounds of the per-function and Firestore scenarios. */
  detailRounds: number;
}

const FUNCTIONS = [
  "requestPasswordReset",
  "api",
  "deliverResetMail",
  "deliverPasswordChangedMail",
] as const;

async function probe(scenario: string, functionsDir: string): Promise<Sample> {
  const { stdout } = await run(process.execPath, ["--expose-gc", PROBE, scenario], {
    cwd: ROOT,
    env: {
      ...process.env,
      BENCH_FUNCTIONS_DIR: functionsDir,
      // A demo project id: initializing the Admin SDK must not look for real credentials.
      GCLOUD_PROJECT: "demo-cold-start",
      FIRESTORE_EMULATOR_HOST: "",
    },
    timeout: 60_000,
  });
  return JSON.parse(stdout.trim().split("\n").pop()!) as Sample;
}

async function sampleRounds(
  scenarios: string[],
  rounds: number,
  random: () => number,
  functionsDir: string,
): Promise<Record<string, Sample[]>> {
  const samples: Record<string, Sample[]> = Object.fromEntries(scenarios.map((s) => [s, []]));
  for (let round = 0; round < rounds; round++) {
    for (const scenario of shuffle(scenarios, random)) {
      samples[scenario].push(await probe(scenario, functionsDir));
    }
  }
  return samples;
}

interface ScenarioFigures {
  n: number;
  loadMs: Summary;
  rssBytes: Summary;
  heapBytes: Summary;
  modules: number;
}

function figuresOf(samples: Sample[]): ScenarioFigures {
  return {
    n: samples.length,
    loadMs: summarize(samples.map((s) => s.loadMs)),
    rssBytes: summarize(samples.map((s) => s.rss)),
    heapBytes: summarize(samples.map((s) => s.heapUsed)),
    modules: samples[0]?.modules ?? 0,
  };
}

/** What `firebase deploy` uploads for functions/ (its own file walk and zip, firebase.json's ignore). */
async function deployedPackage(sourceDir: string) {
  const load = createRequire(__filename);
  const firebaseJson = JSON.parse(readFileSync(join(ROOT, "firebase.json"), "utf8"));
  const codebase = firebaseJson.functions.find(
    (f: { codebase?: string }) => f.codebase === "default",
  );
  // Generated per local stack (functions/.env.demo-*); a real project has its own .env.<project>.
  const ignore: string[] = [...codebase.ignore, ".env.demo-*"];
  const fsAsync = load("firebase-tools/lib/fsAsync");
  const files: Array<{ name: string }> = await fsAsync.readdirRecursive({
    path: sourceDir,
    ignoreStrings: [...ignore, "firebase-debug.log", "firebase-debug.*.log", ".runtimeconfig.json"],
  });
  const bytes = (pick: (name: string) => boolean) =>
    files.filter((f) => pick(f.name)).reduce((sum, f) => sum + statSync(f.name).size, 0);
  const { prepareFunctionsUpload } = load(
    "firebase-tools/lib/deploy/functions/prepareFunctionsUpload",
  );
  const { pathToSource } = await prepareFunctionsUpload(ROOT, sourceDir, { ignore }, []);
  const zipBytes = statSync(pathToSource).size;
  rmSync(pathToSource, { force: true });
  return {
    files: files.length,
    bytes: bytes(() => true),
    jsBytes: bytes((n) => n.endsWith(".js")),
    sourceMapBytes: bytes((n) => n.endsWith(".map")),
    zipBytes,
    listed: files.map((f) => relative(sourceDir, f.name)).filter((n) => !n.startsWith("lib/")),
  };
}

/**
 * The production dependency tree Cloud Build installs for functions/package.json, approximated by
 * this checkout's lockfile resolution (`npm ls --omit=dev`): every package directory once,
 * without its nested node_modules (those are listed as packages of their own).
 */
async function productionDependencies() {
  const { stdout } = await run(
    "npm",
    ["ls", "--omit=dev", "--all", "--parseable", "--workspace", "functions"],
    { cwd: ROOT, maxBuffer: 16 * 1024 * 1024 },
  ).catch((error: { stdout?: string }) => ({ stdout: error.stdout ?? "" }));
  const dirs = [...new Set(stdout.split("\n").map((l) => l.trim()))].filter(
    (dir) => dir.includes("/node_modules/") && !dir.endsWith("/node_modules/functions"),
  );
  const load = createRequire(__filename);
  const fsAsync = load("firebase-tools/lib/fsAsync");
  let bytes = 0;
  for (const dir of dirs) {
    const files: Array<{ name: string }> = await fsAsync.readdirRecursive({
      path: dir,
      ignoreStrings: ["node_modules"],
    });
    for (const file of files) bytes += statSync(file.name).size;
  }
  return { packages: dirs.length, bytes };
}

export async function measureColdStart(
  plan: ColdStartPlan,
  random: () => number,
  functionsDir: string,
): Promise<FigureReport> {
  const headline = await sampleRounds(
    ["entry", "baseline"],
    plan.headlineRounds,
    random,
    functionsDir,
  );
  const detailScenarios = [
    "baseline+firestore",
    ...FUNCTIONS.map((f) => `fn:${f}`),
    "baseline+firestore+rest",
    "baseline+firestore+grpc",
  ];
  const detail = await sampleRounds(detailScenarios, plan.detailRounds, random, functionsDir);
  const pkg = await deployedPackage(functionsDir);
  const deps = await productionDependencies();

  const load = (s: Sample[]) => s.map((x) => x.loadMs);
  const rss = (s: Sample[]) => s.map((x) => x.rss);
  const heap = (s: Sample[]) => s.map((x) => x.heapUsed);
  const timeRatio = ratioOf(load(headline.entry), load(headline.baseline), random);
  const rssRatio = ratioOf(rss(headline.entry), rss(headline.baseline), random);
  const heapRatio = ratioOf(heap(headline.entry), heap(headline.baseline), random);
  const entry = figuresOf(headline.entry);
  const baseline = figuresOf(headline.baseline);

  const describe = (f: ScenarioFigures) =>
    `${fmtMs(f.loadMs.median)} (p95 ${fmtMs(f.loadMs.p95)}), RSS ${fmtMb(f.rssBytes.median)}, heap ${fmtMb(f.heapBytes.median)}, ${f.modules} modules`;
  const rows: Row[] = [
    { metric: "entry point (functions/lib/index.js)", value: describe(entry) },
    { metric: "bare hello-world callable", value: describe(baseline) },
    {
      metric: "entry / bare: load time, median",
      value: fmtRatio(timeRatio),
      target: "≤ 1.3",
      status: check(timeRatio.value <= 1.3),
    },
    {
      metric: "entry / bare: RSS, median",
      value: fmtRatio(rssRatio),
      target: "≤ 1.3",
      status: check(rssRatio.value <= 1.3),
    },
    {
      metric: "entry / bare: V8 heap, median",
      value: fmtRatio(heapRatio),
      target: "≤ 1.3",
      status: check(heapRatio.value <= 1.3),
    },
  ];

  const withFirestore = detail["baseline+firestore"];
  const fsFigures = figuresOf(withFirestore);
  rows.push({ metric: "bare callable + Admin SDK Firestore", value: describe(fsFigures) });
  const perFunction: Record<string, unknown> = {};
  for (const name of FUNCTIONS) {
    const samples = detail[`fn:${name}`];
    const figures = figuresOf(samples);
    const vsBare = ratioOf(load(samples), load(headline.baseline), random);
    const vsFirestore = ratioOf(load(samples), load(withFirestore), random);
    perFunction[name] = {
      ...figures,
      loadRatioVsBare: vsBare,
      loadRatioVsBarePlusFirestore: vsFirestore,
    };
    rows.push(
      { metric: `first call: ${name}`, value: describe(figures) },
      {
        metric: "  load time ÷ bare, ÷ bare + Firestore",
        value: `${vsBare.value.toFixed(2)}, ${vsFirestore.value.toFixed(2)}`,
      },
    );
  }
  const rest = figuresOf(detail["baseline+firestore+rest"]);
  const grpc = figuresOf(detail["baseline+firestore+grpc"]);
  rows.push(
    { metric: "bare + Firestore + REST transport (preferRest)", value: describe(rest) },
    { metric: "bare + Firestore + gRPC transport (default)", value: describe(grpc) },
    {
      metric: "deployed source (firebase deploy's zip)",
      value: `${fmtKb(pkg.zipBytes)} zipped; ${pkg.files} files, ${fmtKb(pkg.bytes)} unzipped`,
    },
    {
      metric: "  of which .js / .map",
      value: `${fmtKb(pkg.jsBytes)} / ${fmtKb(pkg.sourceMapBytes)}`,
    },
    {
      metric: "production dependencies (npm ls --omit=dev)",
      value: `${deps.packages} packages, ${fmtMb(deps.bytes)} on disk`,
    },
  );

  return {
    id: "3",
    title: "Cold start: fresh Node process per sample, interleaved",
    samples: `${plan.headlineRounds} per scenario for entry vs bare, ${plan.detailRounds} per scenario for first calls and Firestore`,
    rows,
    notes: [
      "first call = the modules index.ts lazy-loads for that function plus the clients its handler builds (Firestore, task queue, SendGrid); no network. Firestore loads its transport on its first RPC: the two transport rows show what that adds",
      "Node start-up itself (the same for every scenario) is not in the load times",
    ],
    data: {
      node: process.version,
      entry,
      baseline,
      ratios: { loadTime: timeRatio, rss: rssRatio, heap: heapRatio },
      perFunction,
      barePlusFirestore: fsFigures,
      firestoreTransport: { rest, grpc },
      deployedPackage: pkg,
      productionDependencies: deps,
      samples: {
        headline: Object.fromEntries(Object.entries(headline)),
        detail: Object.fromEntries(Object.entries(detail)),
      },
    },
  };
}
