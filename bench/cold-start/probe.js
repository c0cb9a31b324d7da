/**
 * Run by bench/cold-start.ts in a fresh `node --expose-gc` process per sample:
 *   node --expose-gc bench/cold-start/probe.js <scenario>
 * Loads one scenario and prints one JSON line: load time (from just before the first require to
 * just after the last), RSS and heap after a full GC, and how many modules were loaded.
 * Plain CommonJS on purpose: a TypeScript loader would add its own start-up to every sample.
 */
const path = require("node:path");

// The benchmark's snapshot of functions/ (bench/lib/snapshot.ts), or functions/ itself.
const functionsDir =
  process.env.BENCH_FUNCTIONS_DIR || path.join(__dirname, "..", "..", "functions");
const lib = (name) => path.join(functionsDir, "lib", name);
const BASELINE = path.join(__dirname, "..", "noop-functions", "index.js");

function baselineWithFirestore() {
  require(BASELINE);
  const { initializeApp } = require("firebase-admin/app");
  const { getFirestore } = require("firebase-admin/firestore");
  return getFirestore(initializeApp());
}

/** A module as @google-cloud/firestore resolves it (it may have its own google-gax). */
function requireFromFirestore(name) {
  const firestoreDir = path.dirname(require.resolve("@google-cloud/firestore/package.json"));
  return require(require.resolve(name, { paths: [firestoreDir] }));
}

/** Admin SDK Firestore the way functions/src/firestore.ts builds it (no network until used). */
function firestoreInstance() {
  return require(lib("firestore.js")).getDb();
}

/** The task queue client, as functions/src/tasks/task-queue.ts loads it on the first enqueue. */
function taskQueueClient() {
  return require("firebase-admin/functions").getFunctions();
}

/** The SendGrid mailer, as services.mailer() builds it on the first send. */
function mailer() {
  return require(lib("mail/mailer.js")).createSendgridMailer({
    apiUrl: "http://127.0.0.1:9",
    apiKey: "SG.cold-start-probe",
  });
}

/**
 * What each function's first call loads beyond the entry point: the handler modules its wrapper in
 * functions/src/index.ts imports, plus the clients the handler creates on first use.
 * Keep in step with index.ts.
 */
const FIRST_CALL = {
  requestPasswordReset: async () => {
    require(lib("http/callable.js"));
    firestoreInstance();
    taskQueueClient();
  },
  api: async () => {
    require(lib("http/api.js"));
    require(lib("services.js"));
    firestoreInstance();
    taskQueueClient();
  },
  deliverResetMail: async () => {
    require(lib("handlers/deliver-reset-mail.js"));
    require(lib("services.js"));
    firestoreInstance();
    await mailer();
  },
  deliverPasswordChangedMail: async () => {
    require(lib("handlers/deliver-password-changed-mail.js"));
    require(lib("services.js"));
    await mailer();
  },
};

const SCENARIOS = {
  /** The deployed entry point: what every instance of every function loads first. */
  entry: async () => require(lib("index.js")),
  /** A bare firebase-functions module with one hello-world callable. */
  baseline: async () => require(BASELINE),
  /** The same plus an Admin SDK Firestore instance: the least any Firestore-using function loads. */
  "baseline+firestore": async () => baselineWithFirestore(),
  /** …plus the transport Firestore loads on its first RPC: REST (preferRest) or gRPC (default). */
  "baseline+firestore+rest": async () => {
    baselineWithFirestore();
    requireFromFirestore("google-gax/build/src/fallback");
  },
  "baseline+firestore+grpc": async () => {
    baselineWithFirestore();
    requireFromFirestore("google-gax");
  },
};
for (const [name, firstCall] of Object.entries(FIRST_CALL)) {
  SCENARIOS[`fn:${name}`] = async () => {
    require(lib("index.js"));
    await firstCall();
  };
}

async function main() {
  const scenario = SCENARIOS[process.argv[2]];
  if (!scenario) throw new Error(`unknown scenario ${process.argv[2]}`);
  const before = Object.keys(require.cache).length;
  const start = performance.now();
  await scenario();
  const loadMs = performance.now() - start;
  global.gc();
  const { rss, heapUsed } = process.memoryUsage();
  const modules = Object.keys(require.cache).length - before;
  process.stdout.write(`${JSON.stringify({ loadMs, rss, heapUsed, modules })}\n`);
}

main().then(
  () => process.exit(0),
  (error) => {
    process.stderr.write(`${error.stack}\n`);
    process.exit(1);
  },
);
