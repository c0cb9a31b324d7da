/**
 * Bundles the hosted pages' scripts from hosting-src/ into hosting/assets/ (built output, not in
 * git): landing.js (with the Firebase JS SDK) and reset.js (the reset page, which imports the
 * contract's zod-free modules and no third-party code at all; the build fails if it would). The
 * one exception is the reset page's App Check (hosting-src/reset/app-check-token.ts): a chunk
 * under assets/chunks/ that the page imports lazily, only when App Check is enforced, and that
 * may hold the Firebase SDK's app and App Check code and nothing else.
 * Run: `tsx scripts/build-hosting.ts`, or import `buildHosting()` before starting Hosting.
 */
import { build, type Metafile } from "esbuild";
import { mkdir, writeFile } from "node:fs/promises";
import path from "node:path";

const root = path.resolve(__dirname, "..");
const ASSETS = path.join(root, "hosting", "assets");

/** Entry point → bundle, both relative to the repository root. */
export const HOSTING_BUNDLES = {
  landing: { entry: "hosting-src/landing.ts", bundle: "hosting/assets/landing.js" },
  reset: { entry: "hosting-src/reset/main.ts", bundle: "hosting/assets/reset.js" },
} as const;

/** The packages the reset page's lazily loaded App Check chunk may bundle (and their helpers). */
const APP_CHECK_PACKAGES = [
  "firebase",
  "@firebase/app",
  "@firebase/app-check",
  "@firebase/component",
  "@firebase/logger",
  "@firebase/util",
  "idb",
  "tslib",
];

function packagesOf(output: Metafile["outputs"][string] | undefined): string[] {
  return Object.keys(output?.inputs ?? {})
    .filter((input) => input.includes("node_modules/"))
    .map((input) => input.replace(/^.*node_modules\/((?:@[^/]+\/)?[^/]+).*$/, "$1"));
}

/** An output and every chunk it imports statically (what loads with it). */
function staticClosure(metafile: Metafile, start: string): string[] {
  const seen = new Set([start]);
  for (const file of seen) {
    for (const { path: imported, kind } of metafile.outputs[file]?.imports ?? []) {
      if (kind === "import-statement" && !imported.startsWith("http")) seen.add(imported);
    }
  }
  return [...seen];
}

/**
 * The reset page ships no dependency (zod, above all, stays on the server); only its App Check
 * chunk, imported dynamically, may hold the Firebase SDK's App Check code.
 */
function checkResetDependencies(metafile: Metafile): void {
  const entry = HOSTING_BUNDLES.reset.bundle;
  const eager = new Set(
    staticClosure(metafile, entry).flatMap((file) => packagesOf(metafile.outputs[file])),
  );
  if (eager.size) {
    throw new Error(
      `${entry} must not bundle packages, but pulled in ${[...eager].join(", ")}: ` +
        "import the contract's zod schemas with `import type`",
    );
  }
  const lazy = (metafile.outputs[entry]?.imports ?? [])
    .filter(({ kind }) => kind === "dynamic-import")
    .flatMap(({ path: chunk }) => staticClosure(metafile, chunk))
    .flatMap((file) => packagesOf(metafile.outputs[file]))
    .filter((name) => !APP_CHECK_PACKAGES.includes(name));
  if (lazy.length) {
    throw new Error(
      `${entry}'s lazily loaded App Check chunk may bundle only ${APP_CHECK_PACKAGES.join(", ")}, ` +
        `but pulled in ${[...new Set(lazy)].join(", ")}`,
    );
  }
}

export async function buildHosting(): Promise<void> {
  const result = await build({
    absWorkingDir: root,
    entryPoints: Object.fromEntries(
      Object.entries(HOSTING_BUNDLES).map(([name, { entry }]) => [name, entry]),
    ),
    outdir: ASSETS,
    bundle: true,
    // Code shared by the pages, and the reset page's App Check, go to chunks loaded on import.
    splitting: true,
    chunkNames: "chunks/[name]-[hash]",
    format: "esm",
    platform: "browser",
    target: "es2020",
    minify: true,
    legalComments: "eof",
    metafile: true,
    write: false,
    logLevel: "warning",
  });
  checkResetDependencies(result.metafile);
  for (const file of result.outputFiles) {
    await mkdir(path.dirname(file.path), { recursive: true });
    await writeFile(file.path, file.contents);
    console.log(
      `Built ${path.relative(root, file.path)} (${(file.contents.length / 1024).toFixed(1)} kB)`,
    );
  }
}

if (require.main === module) {
  buildHosting().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
