/**
 * The client address the per-client limits are keyed by: the one the trusted front end saw, not
 * the one the client wrote. Express' `req.ip` (the Functions runtime sets `trust proxy`) is the
 * left-most X-Forwarded-For entry, which the client chooses itself. Google's front end appends
 * instead of replacing: `X-Forwarded-For: <supplied-value>,<client-ip>,<load-balancer-ip>`
 * (https://cloud.google.com/load-balancing/docs/https#x-forwarded-for_header), and Cloud
 * Functions documents the list as "clientIp, proxy1Ip, proxy2Ip"
 * (https://cloud.google.com/functions/docs/reference/headers). So the client's address is the
 * entry `hops` from the right; anything to its left is the client's own writing and ignored.
 */
import { isIP } from "node:net";

/** The shared key of requests whose chain is shorter than the front end writes, or garbled. */
export const UNATTRIBUTED_CLIENT = "unattributed";

interface HeaderSource {
  headers: Record<string, string | string[] | undefined>;
}

/**
 * The address the trusted front end added, `hops` entries from the right of X-Forwarded-For.
 * A chain too short to hold it did not pass the front end as documented (or its format changed):
 * all such requests share one key, so a client cannot gain a fresh quota by sending fewer entries.
 */
export function clientAddress(req: HeaderSource, hops: number): string {
  const header = req.headers["x-forwarded-for"];
  // Node joins repeated X-Forwarded-For headers with ", "; a string[] only comes from fakes.
  const joined = Array.isArray(header) ? header.join(",") : (header ?? "");
  const entries = joined
    .split(",")
    .map((entry) => entry.trim())
    .filter((entry) => entry !== "");
  const candidate = entries[entries.length - hops];
  if (candidate === undefined) return UNATTRIBUTED_CLIENT;
  const address = candidate.toLowerCase();
  return isIP(address) ? address : UNATTRIBUTED_CLIENT;
}
