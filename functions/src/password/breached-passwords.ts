/**
 * The optional breached-password check (OWASP ASVS 2.1.7 / 5.0 6.2.12) against Have I Been
 * Pwned's Pwned Passwords range API, with k-anonymity: only the first five hex characters of the
 * password's SHA-1 leave this process, and the answer (every suffix with that prefix) is matched
 * here. `Add-Padding: true` asks for an answer padded with count-0 suffixes, so its size doesn't
 * reveal the prefix either: https://haveibeenpwned.com/API/v3#PwnedPasswords
 */
import { createHash } from "node:crypto";
import { log } from "../log";
import { fetchWithTimeout } from "../outbound/http-retry";

/** Short: the customer is waiting, and the check fails open. */
export const BREACH_CHECK_TIMEOUT_MS = 1500;

export class BreachCheckError extends Error {
  constructor(
    /** `timeout`, `unreachable`, or `status_<code>`: never part of the password or its hash. */
    readonly reason: string,
  ) {
    super(`Pwned Passwords check failed: ${reason}`);
    this.name = "BreachCheckError";
  }
}

export interface BreachedPasswords {
  /** Whether the password is in the breach corpus; throws BreachCheckError when unknown. */
  isBreached(password: string): Promise<boolean>;
}

export interface BreachedPasswordsOptions {
  apiUrl: string;
  timeoutMs?: number;
}

/** The SHA-1 as the API writes it: 40 upper-case hex characters, split after the fifth. */
export function rangeKey(password: string): { prefix: string; suffix: string } {
  const hash = createHash("sha1").update(password, "utf8").digest("hex").toUpperCase();
  return { prefix: hash.slice(0, 5), suffix: hash.slice(5) };
}

/** True when `suffix` is listed with a count above 0 (padding entries carry 0). */
export function listsSuffix(body: string, suffix: string): boolean {
  for (const line of body.split(/\r?\n/)) {
    const [candidate, count] = line.trim().split(":");
    if (candidate?.toUpperCase() === suffix && Number(count) > 0) return true;
  }
  return false;
}

export function createBreachedPasswords(options: BreachedPasswordsOptions): BreachedPasswords {
  const timeoutMs = options.timeoutMs ?? BREACH_CHECK_TIMEOUT_MS;
  return {
    async isBreached(password) {
      const { prefix, suffix } = rangeKey(password);
      let body: string;
      try {
        const response = await fetchWithTimeout(
          `${options.apiUrl}/range/${prefix}`,
          { headers: { "Add-Padding": "true" } },
          timeoutMs,
        );
        if (response.status !== 200) throw new BreachCheckError(`status_${response.status}`);
        body = await response.text();
      } catch (error) {
        if (error instanceof BreachCheckError) throw error;
        const name = (error as Error)?.name;
        throw new BreachCheckError(
          name === "TimeoutError" || name === "AbortError" ? "timeout" : "unreachable",
        );
      }
      return listsSuffix(body, suffix);
    },
  };
}

/**
 * The check as a reset uses it: it fails open, because an unreachable or slow service must not
 * stop a reset (the local common-password list still applies), and logs that it did.
 */
export async function isBreachedFailingOpen(
  checker: BreachedPasswords,
  password: string,
  context: Record<string, unknown>,
): Promise<boolean> {
  try {
    return await checker.isBreached(password);
  } catch (error) {
    if (!(error instanceof BreachCheckError)) throw error;
    log.warn("password.breach_check_failed", { ...context, reason: error.reason });
    return false;
  }
}
