/**
 * Bundles the hosted pages' scripts from hosting-src/ into hosting/assets/ (built output, not in
 * git): landing.js (with the Firebase JS SDK) and reset.js (the reset page, which imports the
 * contract's zod-free modules and no third-party code at all; the build fails if it would).
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

/** The reset page ships no dependency (zod, above all, stays on the server). */
function checkNoDependencies(metafile: Metafile): void {
  const output = metafile.outputs[HOSTING_BUNDLES.reset.bundle];
  const packages = new Set(
    Object.keys(output?.inputs ?? {})
      .filter((input) => input.includes("node_modules/"))
      .map((input) => input.replace(/^.*node_modules\/((?:@[^/]+\/)?[^/]+).*$/, "$1")),
  );
  if (packages.size) {
    throw new Error(
      `${HOSTING_BUNDLES.reset.bundle} must not bundle packages, but pulled in ` +
        `${[...packages].join(", ")}: import the contract's zod schemas with \`import type\``,
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
    format: "esm",
    platform: "browser",
    target: "es2020",
    minify: true,
    legalComments: "eof",
    metafile: true,
    write: false,
    logLevel: "warning",
  });
  checkNoDependencies(result.metafile);
  await mkdir(ASSETS, { recursive: true });
  for (const file of result.outputFiles) {
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
