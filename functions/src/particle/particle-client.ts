/**
 * A small Particle Cloud API client: Bearer auth (the access_token parameter is deprecated),
 * timeouts, bounded retries for transient failures honouring Retry-After, and typed errors.
 */
import { backoffMs, fetchWithTimeout, retryAfterMs, sleep, type RetryPolicy } from "../http-retry";

export class ParticleError extends Error {
  constructor(
    /** HTTP status, or 0 when no answer came (timeout, connection refused). */
    readonly status: number,
    readonly upstreamError: string,
  ) {
    super(`Particle API ${status || "unreachable"}: ${upstreamError}`);
    this.name = "ParticleError";
  }

  get retryable(): boolean {
    return this.status === 0 || this.status === 408 || this.status === 429 || this.status >= 500;
  }

  /** 401/403: the deployment's token is wrong, expired or under-scoped: an operator problem. */
  get isConfigurationError(): boolean {
    return this.status === 401 || this.status === 403;
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

const DEFAULT_RETRY: RetryPolicy = { maxAttempts: 3, baseDelayMs: 300, maxDelayMs: 3000 };

/** Particle answers either {error, error_description} or {ok:false, error}; read both. */
function describeError(body: unknown): string {
  if (body && typeof body === "object") {
    const { error, error_description: description } = body as Record<string, unknown>;
    const text = [error, description].filter((v) => typeof v === "string").join(": ");
    if (text) return text.slice(0, 200);
  }
  return "unexpected response";
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
      const reason = (error as Error).name === "TimeoutError" ? "timeout" : "network error";
      throw new ParticleError(0, reason);
    }
    const parsed: unknown = await response.json().catch(() => null);
    if (!response.ok) {
      const failure = new ParticleError(response.status, describeError(parsed));
      Object.assign(failure, { retryAfter: response.headers.get("retry-after") });
      throw failure;
    }
    return parsed;
  }

  async function call(method: string, path: string, body?: unknown): Promise<unknown> {
    for (let attemptNo = 1; ; attemptNo++) {
      try {
        return await attempt(method, path, body);
      } catch (error) {
        const failure = error as ParticleError & { retryAfter?: string | null };
        if (!failure.retryable || attemptNo >= retry.maxAttempts) throw failure;
        const hinted = retryAfterMs(failure.retryAfter ?? null, retry.maxDelayMs);
        await sleep(hinted ?? backoffMs(attemptNo, retry));
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
      const body = (await call(
        "GET",
        `${product(productId)}/customers?page=${page}&per_page=${perPage}`,
      )) as { customers?: Array<{ username?: unknown }>; meta?: { total_pages?: unknown } };
      const emails = (body.customers ?? [])
        .map((customer) => customer.username)
        .filter((username): username is string => typeof username === "string");
      const totalPages = Number(body.meta?.total_pages ?? 1);
      return { emails, totalPages: Number.isFinite(totalPages) ? totalPages : 1 };
    },
    async getProduct(productId) {
      const body = (await call("GET", product(productId))) as {
        product: { id: number; name: string; slug?: string };
      };
      return body.product;
    },
  };
}
