import type { RateLimit } from "../config/config";

/** Timestamps (ms) of the events counted in the current sliding window. */
export type WindowState = number[];

export type WindowDecision =
  { allowed: true; next: WindowState } | { allowed: false; retryAfterSeconds: number };

/**
 * Sliding-window log: exact, and small because it never keeps more than `limit.max` entries.
 * Pure, so the same rule serves the per-client and the per-email limits.
 */
export function takeFromWindow(
  state: WindowState,
  limit: RateLimit,
  nowMs: number,
): WindowDecision {
  const windowMs = limit.windowSeconds * 1000;
  const recent = state.filter((at) => at > nowMs - windowMs).sort((a, b) => a - b);
  if (recent.length >= limit.max) {
    const retryAfterMs = recent[recent.length - limit.max] + windowMs - nowMs;
    return { allowed: false, retryAfterSeconds: Math.max(1, Math.ceil(retryAfterMs / 1000)) };
  }
  return { allowed: true, next: [...recent, nowMs] };
}
