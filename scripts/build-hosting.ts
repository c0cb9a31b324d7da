/**
 * Bundles the landing page script (with the Firebase JS SDK) into hosting/assets/landing.js, the
 * only hosted script that needs a build: the reset page is plain ES modules.
 * Run: `tsx scripts/build-hosting.ts`, or import `buildHosting()` before starting Hosting.
 */
import { build } from "esbuild";
import path from "node:path";

const root = path.resolve(__dirname, "..");
export const LANDING_ENTRY = path.join(root, "hosting-src", "landing.ts");
export const LANDING_BUNDLE = path.join(root, "hosting", "assets", "landing.js");

export async function buildHosting(): Promise<void> {
  const result = await build({
    entryPoints: [LANDING_ENTRY],
    outfile: LANDING_BUNDLE,
    bundle: true,
    format: "esm",
    platform: "browser",
    target: "es2020",
    minify: true,
    legalComments: "eof",
    metafile: true,
    logLevel: "warning",
  });
  const bytes = Object.values(result.metafile.outputs)[0]?.bytes ?? 0;
  console.log(`Built ${path.relative(root, LANDING_BUNDLE)} (${(bytes / 1024).toFixed(1)} kB)`);
}

if (require.main === module) {
  buildHosting().catch((error: unknown) => {
    console.error(error instanceof Error ? error.message : error);
    process.exitCode = 1;
  });
}
