/**
 * A small Particle Cloud API client: Bearer auth (the access_token parameter is deprecated),
 * timeouts, bounded retries for transient failures honouring Retry-After, and typed errors that
 * carry Particle's machine code (`upstreamCode`) and Retry-After (`retryAfterMs`).
 */
import {
  backoffMs,
  fetchWithTimeout,
  parseRetryAfterMs,
  sleep,
  type RetryPolicy,
} from "../outbound/http-retry";

export interface ParticleErrorDetails {
  /** Particle's machine code: the `error` field of either body shape, e.g. "unauthorized". */
  upstreamCode?: string | null;
  /** Retry-After in milliseconds, uncapped; null when absent or unparseable. */
  retryAfterMs?: number | null;
  /** The request may have reached Particle and taken effect (see `outcomeUnknown`). */
  outcomeUnknown?: boolean;
}

export class ParticleError extends Error {
  readonly upstreamCode: string | null;
  readonly retryAfterMs: number | null;
  /**
   * This attempt, or an earlier attempt of the same call, may have been carried out by Particle
   * although no success came back: a timeout or a dropped connection after the request was sent,
   * or a 5xx (the server may fail after it wrote). Set by the client's retry loop for the whole
   * call. A refused connection, a 4xx or a 429 is a clear "not done".
   */
  outcomeUnknown: boolean;

  constructor(
    /** HTTP status, or 0 when no answer came (timeout, connection refused). */
    readonly status: number,
    readonly upstreamError: string,
    details: ParticleErrorDetails = {},
  ) {
    super(`Particle API ${status || "unreachable"}: ${upstreamError}`);
    this.name = "ParticleError";
    this.upstreamCode = details.upstreamCode ?? null;
    this.retryAfterMs = details.retryAfterMs ?? null;
    this.outcomeUnknown = details.outcomeUnknown ?? status >= 500;
  }

  get retryable(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }

  /**
   * 429: Particle's per-IP limit (10,000 requests per 5 minutes) is used up. It documents no
   * Retry-After and says an immediate retry will not help:
   * https://docs.particle.io/reference/cloud-apis/api/#api-rate-limits
   */
  get rateLimited(): boolean {
    return this.status === 429;
  }

  /**
   * The deployment's token is wrong, expired or under-scoped: an operator problem, never the
   * customer's. 401/403, and 400 `{"error":"unauthorized"}`, which is how Particle answers an API
   * user lacking a permission: https://docs.particle.io/reference/cloud-apis/api/#errors-api-users
   */
  get isConfigurationError(): boolean {
    if (this.status === 401 || this.status === 403) return true;
    // A customer page in a shape we can't read: retrying won't help, an operator must look.
    if (this.upstreamCode === "unexpected_response") return true;
    return this.status === 400 && this.upstreamCode?.toLowerCase() === "unauthorized";
  }
}

export interface ParticleClient {
  setCustomerPassword(productId: string, email: string, password: string): Promise<void>;
  listCustomerEmails(productId: string, page: number, perPage: number): Promise<CustomerPage>;
  getProduct(productId: string): Promise<{ id: number; name: string; slug?: string }>;
}

export interface CustomerPage {
  emails: string[];
  totalPages: number;
}

export interface ParticleClientOptions {
  apiUrl: string;
  accessToken: string;
  timeoutMs?: number;
  retry?: Partial<RetryPolicy>;
}

/** Connection failures before anything was sent (Node's error codes): Particle saw nothing. */
const NOT_SENT_CODES = new Set([
  "ECONNREFUSED",
  "ENOTFOUND",
  "EAI_AGAIN",
  "ENETUNREACH",
  "EHOSTUNREACH",
  "UND_ERR_CONNECT_TIMEOUT",
]);

const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 300, maxDelayMs: 3000 };

/** Particle answers either {error, error_description} or {ok:false, error}; read both. */
function describeError(body: unknown): { text: string; code: string | null } {
  if (body && typeof body === "object") {
    const { error, error_description: description } = body as Record<string, unknown>;
    const text = [error, description].filter((v) => typeof v === "string").join(": ");
    const code = typeof error === "string" ? error.slice(0, 100) : null;
    if (text) return { text: text.slice(0, 200), code };
  }
  return { text: "unexpected response", code: null };
}

/** A 200 whose body is not the documented shape: nothing we read from it could be trusted. */
function unexpectedShape(what: string): ParticleError {
  return new ParticleError(200, `unexpected response: ${what}`, {
    upstreamCode: "unexpected_response",
  });
}

/**
 * `{customers: [{id, username, …}], meta: {total_pages}}`, as documented for
 * GET /v1/products/:productIdOrSlug/customers (https://docs.particle.io/reference/cloud-apis/api/,
 * Customers). A different shape fails loudly instead of reading as "nobody is a customer".
 */
function parseCustomerPage(body: unknown): CustomerPage {
  const record = body && typeof body === "object" ? (body as Record<string, unknown>) : {};
  const { customers, meta } = record;
  if (!Array.isArray(customers)) throw unexpectedShape("customers is not a list");
  const emails = customers.map((customer: unknown) => {
    const username =
      customer && typeof customer === "object"
        ? (customer as Record<string, unknown>).username
        : undefined;
    if (typeof username !== "string") throw unexpectedShape("a customer has no username");
    return username;
  });
  const raw =
    meta && typeof meta === "object" ? (meta as Record<string, unknown>).total_pages : null;
  const totalPages =
    typeof raw === "number" ? raw : typeof raw === "string" && raw.trim() ? Number(raw) : NaN;
  if (!Number.isInteger(totalPages) || totalPages < 0) {
    throw unexpectedShape("meta.total_pages is missing");
  }
  return { emails, totalPages };
}

export function createParticleClient(options: ParticleClientOptions): ParticleClient {
  const timeoutMs = options.timeoutMs ?? 8000;
  const retry = { ...DEFAULT_RETRY, ...options.retry };

  async function attempt(method: string, path: string, body?: unknown): Promise<unknown> {
    let response: Response;
    try {
      response = await fetchWithTimeout(
        `${options.apiUrl}${path}`,
        {
          method,
          headers: {
            authorization: `Bearer ${options.accessToken}`,
            accept: "application/json",
            ...(body === undefined ? {} : { "content-type": "application/json" }),
          },
          body: body === undefined ? undefined : JSON.stringify(body),
        },
        timeoutMs,
      );
    } catch (error) {
      const timedOut = (error as Error).name === "TimeoutError";
      const notSent = NOT_SENT_CODES.has(
        String((error as { cause?: { code?: unknown } }).cause?.code),
      );
      throw new ParticleError(0, timedOut ? "timeout" : "network error", {
        outcomeUnknown: timedOut || !notSent,
      });
    }
    const parsed: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const { text, code } = describeError(parsed);
      throw new ParticleError(response.status, text, {
        upstreamCode: code,
        retryAfterMs: parseRetryAfterMs(response.headers.get("retry-after")),
      });
    }
    return parsed;
  }

  /** Whether another attempt can help, and after how long. */
  function nextDelay(failure: ParticleError, attemptNo: number): number | null {
    if (!failure.retryable || attemptNo >= retry.maxAttempts) return null;
    if (failure.rateLimited) {
      // Particle documents no Retry-After on 429 and says an immediate retry will not help
      // (https://docs.particle.io/reference/cloud-apis/api/#api-rate-limits): retry only when
      // told when, and only if that fits our budget; otherwise the caller decides.
      const hinted = failure.retryAfterMs;
      return hinted !== null && hinted <= retry.maxDelayMs ? hinted : null;
    }
    return failure.retryAfterMs === null
      ? backoffMs(attemptNo, retry)
      : Math.min(failure.retryAfterMs, retry.maxDelayMs);
  }

  async function call(method: string, path: string, body?: unknown): Promise<unknown> {
    let unclear = false;
    for (let attemptNo = 1; ; attemptNo++) {
      try {
        return await attempt(method, path, body);
      } catch (error) {
        const failure = error as ParticleError;
        // A later clear refusal doesn't undo what an earlier attempt may have done.
        unclear ||= failure.outcomeUnknown;
        failure.outcomeUnknown = unclear;
        const delay = nextDelay(failure, attemptNo);
        if (delay === null) throw failure;
        await sleep(delay);
      }
    }
  }

  const product = (productId: string) => `/v1/products/${encodeURIComponent(productId)}`;

  return {
    async setCustomerPassword(productId, email, password) {
      await call("PUT", `${product(productId)}/customers/${encodeURIComponent(email)}`, {
        password,
      });
    },
    async listCustomerEmails(productId, page, perPage) {
      const body = await call(
        "GET",
        `${product(productId)}/customers?page=${page}&per_page=${perPage}`,
      );
      return parseCustomerPage(body);
    },
    async getProduct(productId) {
      const body = (await call("GET", product(productId))) as {
        product: { id: number; name: string; slug?: string };
      };
      return body.product;
    },
  };
}
