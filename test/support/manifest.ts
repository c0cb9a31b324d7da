/**
 * The deploy manifest as `firebase deploy` sees it: the functions are compiled with the same
 * tsconfig as the predeploy build, the firebase-functions discovery entry point writes the
 * manifest of the exported endpoints (FUNCTIONS_MANIFEST_OUTPUT_PATH, as firebase-tools does in
 * lib/deploy/functions/runtimes/node/index.js), and firebase-tools' own parser turns it into the
 * build it deploys (lib/deploy/functions/runtimes/discovery).
 */
import { execFile } from "node:child_process";
import { mkdirSync, mkdtempSync, readFileSync, rmSync } from "node:fs";
import { join } from "node:path";
import { promisify } from "node:util";

const run = promisify(execFile);
const ROOT = join(__dirname, "..", "..");

/** The fields of a firebase-tools build endpoint the tests look at. */
export interface BuildEndpoint {
  platform: string;
  region: string[];
  availableMemoryMb?: number | null;
  maxInstances?: number | null;
  timeoutSeconds?: number | null;
  secretEnvironmentVariables?: Array<{ key: string; secret?: string }>;
  httpsTrigger?: { invoker?: string[] | null };
  callableTrigger?: Record<string, unknown>;
  taskQueueTrigger?: {
    invoker?: string[] | null;
    retryConfig?: Record<string, unknown>;
    rateLimits?: Record<string, unknown>;
  };
}

export interface Build {
  endpoints: Record<string, BuildEndpoint>;
}

// firebase-tools ships no type declarations for its internals.
// eslint-disable-next-line @typescript-eslint/no-require-imports
const discovery = require("firebase-tools/lib/deploy/functions/runtimes/discovery") as {
  yamlToBuild(manifest: unknown, project: string, region: string, runtime: string): Build;
};

/** Compiles functions/src like `npm --prefix functions run build`, into a scratch folder. */
export async function buildFunctions(): Promise<{ dir: string; remove(): void }> {
  // Inside the repository, so that the build resolves the same node_modules.
  mkdirSync(join(ROOT, ".stack"), { recursive: true });
  const dir = mkdtempSync(join(ROOT, ".stack", "manifest-"));
  const tsc = require.resolve("typescript/bin/tsc");
  await run(process.execPath, [tsc, "-p", "functions/tsconfig.build.json", "--outDir", dir], {
    cwd: ROOT,
  });
  return { dir, remove: () => rmSync(dir, { recursive: true, force: true }) };
}

/** Runs the discovery of the code in `functionsDir` and parses it as firebase-tools does. */
export async function discoverBuild(
  functionsDir: string,
  projectId = "demo-manifest",
  /** Extra environment, e.g. PRODUCTS_FILE (firebase-tools passes the `.env` files' values). */
  env: Record<string, string> = {},
): Promise<Build> {
  const output = join(functionsDir, "functions.manifest.json");
  // Where firebase-tools looks for it too (findFunctionsBinary).
  const bin = join(ROOT, "node_modules", ".bin", "firebase-functions");
  // Run from the functions folder like firebase-tools: with one argument the bin uses its cwd.
  await run(bin, [functionsDir], {
    cwd: functionsDir,
    env: {
      PATH: process.env.PATH,
      HOME: process.env.HOME,
      FUNCTIONS_CONTROL_API: "true",
      FUNCTIONS_MANIFEST_OUTPUT_PATH: output,
      GCLOUD_PROJECT: projectId,
      ...env,
    },
  });
  const manifest: unknown = JSON.parse(readFileSync(output, "utf8"));
  return discovery.yamlToBuild(manifest, projectId, "us-central1", "nodejs22");
}
