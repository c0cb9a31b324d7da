/**
 * The page's calls to the JSON API, typed by the contract: paths from contract/paths.ts (the
 * only runtime import, zod-free), bodies, answers and error codes as types only.
 */
import type {
  BodyEndpoint,
  EndpointBody,
  EndpointResult,
  PageConfig,
} from "../../functions/src/contract/api";
import type { ErrorBody, ErrorCode } from "../../functions/src/contract/errors";
import { APP_CHECK_HEADER, ENDPOINT_PATHS } from "../../functions/src/contract/paths";

const LOCALE_PATTERN = /^[A-Za-z]{2,3}(-[A-Za-z0-9]{1,8}){0,3}$/;
const PRODUCT_PATTERN = /^[A-Za-z0-9][A-Za-z0-9-]{0,63}$/;

export class ApiError extends Error {
  constructor(
    readonly code: ErrorCode,
    message: string,
    readonly status: number,
  ) {
    super(message);
  }
}

/** A code for answers without our JSON error body (network failure, proxy error pages). */
function codeForStatus(status: number): ErrorCode {
  if (status === 429) return "rate_limited";
  return status === 0 || status >= 502 ? "upstream_unavailable" : "internal";
}

async function callApi<T>(url: string, init: RequestInit = {}): Promise<T> {
  let response: Response;
  try {
    response = await fetch(url, {
      ...init,
      cache: "no-store",
      credentials: "same-origin",
      headers: { Accept: "application/json", ...init.headers },
    });
  } catch {
    throw new ApiError("upstream_unavailable", "", 0);
  }
  const body: unknown = await response.json().catch(() => null);
  if (response.ok && body) return body as T;
  const error: Partial<ErrorBody["error"]> = (body as Partial<ErrorBody> | null)?.error ?? {};
  throw new ApiError(
    error.code || codeForStatus(response.status),
    error.message || "",
    response.status,
  );
}

export function postJson<E extends BodyEndpoint>(
  endpoint: E,
  data: EndpointBody<E>,
  headers: Record<string, string> = {},
): Promise<EndpointResult<E>> {
  const { method, path } = ENDPOINT_PATHS[endpoint];
  return callApi(path, {
    method,
    headers: { "Content-Type": "application/json", ...headers },
    body: JSON.stringify(data),
  });
}

/**
 * `X-Firebase-AppCheck` for verify and complete when the backend enforces App Check. The App
 * Check code (the Firebase SDK) is a separate chunk, fetched only then.
 */
export async function appCheckHeaders({ appCheck }: PageConfig): Promise<Record<string, string>> {
  if (!appCheck.enforced) return {};
  const { resetPageAppCheckToken } = await import("./app-check-token");
  const token = await resetPageAppCheckToken(appCheck.recaptchaSiteKey);
  return token ? { [APP_CHECK_HEADER]: token } : {};
}

/** Only well-formed values are passed on; the backend falls back to its defaults otherwise. */
export function loadConfig(locale: string, productId: string): Promise<PageConfig> {
  const query = new URLSearchParams();
  if (LOCALE_PATTERN.test(locale)) query.set("locale", locale);
  if (PRODUCT_PATTERN.test(productId)) query.set("productId", productId);
  return callApi(`${ENDPOINT_PATHS.pageConfig.path}?${query}`);
}

export type Settled<T> = { value: T; error?: undefined } | { value?: undefined; error: ApiError };

/** Turns a call into { value } or { error }, for flows that render errors rather than throw. */
export function settle<T>(promise: Promise<T>): Promise<Settled<T>> {
  return promise.then(
    (value) => ({ value }),
    (error: unknown) => ({ error: asApiError(error) }),
  );
}

function asApiError(error: unknown): ApiError {
  return error instanceof ApiError ? error : new ApiError("internal", "", 0);
}
