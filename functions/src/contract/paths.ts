/**
 * Where each endpoint lives and which method it takes: the part of the contract a browser page
 * needs at run time. Kept free of zod (and of any import) so the reset page can bundle it without
 * the schemas; api.ts builds ENDPOINTS from it.
 */
export const ENDPOINT_PATHS = {
  request: { method: "POST", path: "/api/password-reset/request" },
  verify: { method: "POST", path: "/api/password-reset/verify" },
  complete: { method: "POST", path: "/api/password-reset/complete" },
  pageConfig: { method: "GET", path: "/api/password-reset/page-config" },
  /** SendGrid's signed Event Webhook (its Post URL). */
  sendgridEvents: { method: "POST", path: "/api/sendgrid/events" },
} as const satisfies Record<string, { method: "GET" | "POST"; path: string }>;

export type EndpointName = keyof typeof ENDPOINT_PATHS;

/**
 * The header an App Check token travels in (the name Firebase's SDKs use). Endpoints marked
 * `appCheck` in api.ts (every one that can send a mail or check a token) require a valid one
 * when ENFORCE_APP_CHECK is on, and answer `unauthenticated` otherwise.
 */
export const APP_CHECK_HEADER = "X-Firebase-AppCheck";

/** The callables behind Hosting's rewrites (firebase.json), as the Firebase JS SDK calls them. */
export const CALLABLE_PATHS = {
  requestPasswordReset: "/api/callable/requestPasswordReset",
  verifyPasswordReset: "/api/callable/verifyPasswordReset",
  completePasswordReset: "/api/callable/completePasswordReset",
} as const;

/**
 * The association files that let the apps open reset links (Universal Links, Android App Links),
 * served by Hosting through rewrites to the `appLinks` function (firebase.json).
 */
export const APP_LINK_FILES = {
  apple: "/.well-known/apple-app-site-association",
  android: "/.well-known/assetlinks.json",
} as const;

/** Where the API serves its own OpenAPI document (contract/openapi.ts). */
export const OPENAPI_PATH = "/api/openapi.json";
