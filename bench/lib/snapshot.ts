/**
 * The benchmark measures one build: a copy of functions/ as `npm run build` left it (everything
 * but src/ and node_modules/), under .stack/. The emulator, the cold-start probes and the package
 * size all use the copy, so a rebuild in the same checkout while the benchmark runs (another
 * terminal, another engineer) can neither reload the functions mid-figure nor mix two versions.
 */
import { execFileSync } from "node:child_process";
import { cpSync, existsSync, mkdirSync, readdirSync, rmSync } from "node:fs";
import { join } from "node:path";

const ROOT = join(__dirname, "..", "..");

export interface FunctionsSnapshot {
  /** Absolute path of the copy. */
  dir: string;
  /** The same, relative to the repository root (for firebase.json's `source`). */
  source: string;
  /** `git describe`-like provenance: commit, and whether functions/src differs from it. */
  revision: string;
}

export function snapshotFunctions(offset: number): FunctionsSnapshot {
  const source = join(".stack", `bench-${offset}`, "functions");
  const dir = join(ROOT, source);
  const from = join(ROOT, "functions");
  if (!existsSync(join(from, "lib", "index.js"))) {
    throw new Error("functions/lib/index.js is missing: run `npm run build` first");
  }
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  for (const name of readdirSync(from)) {
    if (name === "src" || name === "node_modules") continue;
    cpSync(join(from, name), join(dir, name), { recursive: true });
  }
  return { dir, source, revision: revision() };
}

function revision(): string {
  try {
    const git = (...args: string[]) =>
      execFileSync("git", args, { cwd: ROOT, encoding: "utf8", stdio: "pipe" }).trim();
    const commit = git("rev-parse", "--short", "HEAD");
    const changed = git("status", "--porcelain", "--", "functions/src").split("\n").filter(Boolean);
    return changed.length
      ? `${commit} + ${changed.length} changed file(s) in functions/src`
      : commit;
  } catch {
    return "unknown (no git)";
  }
}
