/** The benchmark's output: one table per figure on stdout, every figure in bench/results/latest.json. */
import type { RatioEstimate, Summary } from "./stats";

export type Status = "ok" | "MISS" | "info";

export interface Row {
  metric: string;
  value: string;
  target?: string;
  status?: Status;
}

export interface FigureReport {
  id: string;
  title: string;
  /** How many samples stand behind the figures, in words. */
  samples: string;
  rows: Row[];
  notes?: string[];
  /** Everything measured, for the JSON file. */
  data: Record<string, unknown>;
}

export const fmtMs = (ms: number) =>
  Number.isFinite(ms)
    ? `${ms < 10 ? ms.toFixed(2) : ms < 100 ? ms.toFixed(1) : Math.round(ms)} ms`
    : "n/a";

export const fmtMb = (bytes: number) => `${(bytes / 1024 / 1024).toFixed(1)} MB`;

export const fmtKb = (bytes: number) => `${(bytes / 1024).toFixed(1)} kB`;

export const fmtRatio = (r: RatioEstimate) =>
  `${r.value.toFixed(3)}  (CI ${r.low.toFixed(2)}–${r.high.toFixed(2)})`;

export const fmtSummary = (s: Summary) => `p50 ${fmtMs(s.median)}  p95 ${fmtMs(s.p95)}`;

/** ok/MISS for a figure with a target. */
export const check = (pass: boolean): Status => (pass ? "ok" : "MISS");

export function renderReport(figures: FigureReport[], header: string[]): string {
  const all = figures.flatMap((f) => f.rows);
  const width = (pick: (r: Row) => string | undefined, min: number) =>
    Math.max(min, ...all.map((r) => (pick(r) ?? "").length));
  const w = [width((r) => r.metric, 6), width((r) => r.value, 5), width((r) => r.target, 6)];
  const line = (cells: string[]) =>
    `  ${cells[0].padEnd(w[0])}  ${cells[1].padEnd(w[1])}  ${cells[2].padEnd(w[2])}  ${cells[3]}`.trimEnd();
  const rule = `  ${"-".repeat(w[0] + w[1] + w[2] + 14)}`;
  const out: string[] = [...header, ""];
  for (const figure of figures) {
    out.push(`${figure.id}. ${figure.title}`, `   samples: ${figure.samples}`, rule);
    out.push(line(["metric", "value", "target", "status"]), rule);
    for (const row of figure.rows) {
      out.push(line([row.metric, row.value, row.target ?? "", row.status ?? "info"]));
    }
    for (const note of figure.notes ?? []) out.push(`   note: ${note}`);
    out.push("");
  }
  return out.join("\n");
}
