/** Small, dependency-free statistics for the benchmark: percentiles, ratios, bootstrap CIs. */

export interface Summary {
  n: number;
  median: number;
  p95: number;
  min: number;
  max: number;
  mean: number;
}

/** Linear interpolation between closest ranks (the usual "type 7" estimator). */
export function percentile(values: readonly number[], p: number): number {
  if (values.length === 0) return NaN;
  const sorted = [...values].sort((a, b) => a - b);
  const at = (sorted.length - 1) * p;
  const low = Math.floor(at);
  const high = Math.ceil(at);
  return sorted[low] + (sorted[high] - sorted[low]) * (at - low);
}

export const median = (values: readonly number[]) => percentile(values, 0.5);

export function summarize(values: readonly number[]): Summary {
  return {
    n: values.length,
    median: median(values),
    p95: percentile(values, 0.95),
    min: values.length ? Math.min(...values) : NaN,
    max: values.length ? Math.max(...values) : NaN,
    mean: values.reduce((sum, v) => sum + v, 0) / values.length,
  };
}

/** Deterministic PRNG (mulberry32), so a run's interleaving can be reproduced from its seed. */
export function createRandom(seed: number): () => number {
  let state = seed >>> 0;
  return () => {
    state = (state + 0x6d2b79f5) >>> 0;
    let t = state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  };
}

export function shuffle<T>(items: readonly T[], random: () => number): T[] {
  const out = [...items];
  for (let i = out.length - 1; i > 0; i--) {
    const j = Math.floor(random() * (i + 1));
    [out[i], out[j]] = [out[j], out[i]];
  }
  return out;
}

export interface RatioEstimate {
  /** statistic(a) / statistic(b) */
  value: number;
  /** 95% percentile-bootstrap interval of the same ratio. */
  low: number;
  high: number;
}

/** Ratio of a statistic (median by default) of two sample sets, with a bootstrap 95% interval. */
export function ratioOf(
  a: readonly number[],
  b: readonly number[],
  random: () => number,
  statistic: (values: readonly number[]) => number = median,
  resamples = 1000,
): RatioEstimate {
  const resample = (values: readonly number[]) =>
    Array.from({ length: values.length }, () => values[Math.floor(random() * values.length)]);
  const ratios: number[] = [];
  for (let i = 0; i < resamples; i++) ratios.push(statistic(resample(a)) / statistic(resample(b)));
  return {
    value: statistic(a) / statistic(b),
    low: percentile(ratios, 0.025),
    high: percentile(ratios, 0.975),
  };
}

export { mapConcurrent } from "../../test/support/concurrency";
export { eventually } from "../../test/support/wait";
