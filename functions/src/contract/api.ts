/**
 * The public HTTP and callable contract: every request body and every answer, as zod schemas
 * from which the handlers parse, the page and the apps take their types, and docs/openapi.json
 * is generated (scripts/openapi.ts). Names and paths are the ones DESIGN.md promises.
 */
import { z } from "zod";
import { ERROR_CODES, type ErrorCode } from "./errors";
import type { Messages } from "../i18n/messages";
import { ENDPOINT_PATHS, type CALLABLE_PATHS, type EndpointName } from "./paths";
import {
  emailField,
  localeField,
  productIdField,
  requestObject,
  says,
  text,
  tokenField,
} from "./fields";

export const requestBody = requestObject({
  email: emailField,
  productId: productIdField.optional(),
  locale: localeField.optional(),
});

export const verifyBody = requestObject({ token: tokenField });

export const completeBody = requestObject({
  token: tokenField,
  // Generous cap: the product's own maximum is checked by the handler with a clear message,
  // so this one doesn't name its number.
  password: text().max(4096, says("fieldTooLong")),
});

/**
 * An unknown `locale` is a hint from a URL anyone can edit: it falls back, never fails. A
 * product this deployment doesn't serve is `invalid_argument`, as in every other request.
 */
export const pageConfigQuery = z.object({
  locale: z.string().max(100).optional(),
  productId: productIdField.optional(),
});

const passwordPolicy = z.object({ minLength: z.number().int(), maxLength: z.number().int() });

export const requestAccepted = z.object({ ok: z.literal(true), message: z.string() });

export const verifyResult = z.object({
  /** Masked, e.g. "a•••@example.com". */
  email: z.string(),
  productId: z.string(),
  productName: z.string(),
  expiresAt: z.iso.datetime(),
  locale: z.string(),
  passwordPolicy,
});

export const completeResult = z.object({ ok: z.literal(true) });

export const pageConfigResult = z.object({
  productId: z.string(),
  locale: z.string(),
  brand: z.object({
    productName: z.string(),
    logoUrl: z.string().nullable(),
    primaryColor: z.string(),
    accentColor: z.string(),
    supportEmail: z.string(),
  }),
  policy: passwordPolicy,
  /**
   * Whether verify and complete need `X-Firebase-AppCheck` (ENFORCE_APP_CHECK), and the web
   * provider's reCAPTCHA Enterprise site key (null where the page has another source of tokens).
   */
  appCheck: z.object({ enforced: z.boolean(), recaptchaSiteKey: z.string().nullable() }),
  /** The page's strings in `locale` (the `page` section of the i18n catalogue). */
  strings: z.record(z.string(), z.string()),
});

/**
 * SendGrid's Event Webhook posts a JSON array of events, "within approximately 30 seconds or when
 * the batch size reaches 768 kilobytes", and may repeat them
 * (https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/twilio-sendgrid-event-webhook-overview).
 * Fields per event type: https://www.twilio.com/docs/sendgrid/for-developers/tracking-events/event.
 * The mail's custom args arrive as top-level keys of each of its events; ours are `reset_ref`
 * (the hash of the reset's token, which keys its record: never the token, never an email, since
 * SendGrid keeps custom args as "Not PII") and `reset_mail` (which of its two mails).
 */
export const SENDGRID_CUSTOM_ARGS = { record: "reset_ref", mail: "reset_mail" } as const;

/** A 768 kB batch of the smallest events SendGrid sends (~150 bytes) holds ~5,000. */
export const MAX_SENDGRID_EVENTS = 5_000;

/** One event as we read it; SendGrid's other fields pass through untouched. */
export const sendgridEvent = z.looseObject({
  event: z.string().max(64),
  /** Unix seconds. */
  timestamp: z.number().nonnegative(),
  sg_event_id: z.string().max(100).optional(),
  [SENDGRID_CUSTOM_ARGS.record]: z.string().max(128).optional(),
  [SENDGRID_CUSTOM_ARGS.mail]: z.string().max(32).optional(),
  /** bounce: "bounce" or "blocked"; dropped and bounce: `reason`; bounce: SMTP `status`. */
  type: z.string().optional(),
  status: z.string().optional(),
  reason: z.string().optional(),
});

/** The post as parsed at the door: an array; each event is checked on its own (a bad one is skipped). */
export const sendgridEventBatch = z
  .array(z.unknown(), { error: says("fieldInvalid") })
  .max(MAX_SENDGRID_EVENTS, says("fieldInvalid"));

export const sendgridEventsResult = z.object({
  ok: z.literal(true),
  /** Events in the post. */
  received: z.number().int(),
  /** Mails whose delivery record changed (0 for a replay). */
  recorded: z.number().int(),
});

export const errorBody = z.object({
  error: z.object({ code: z.enum(ERROR_CODES), message: z.string() }),
});

/**
 * The JSON API behind Hosting's `/api/**` rewrite, with the error codes each endpoint can answer
 * (besides `internal`), which docs/openapi.json lists as its error responses.
 */
const EDGE_ERRORS = ["method_not_allowed", "payload_too_large", "unsupported_media_type"] as const;

/** Endpoints marked `appCheck` need a valid token in this header when ENFORCE_APP_CHECK is on. */
export { APP_CHECK_HEADER } from "./paths";

export const ENDPOINTS = {
  request: {
    ...ENDPOINT_PATHS.request,
    summary: "Ask for a reset mail (the same answer whether or not the email is a customer)",
    body: requestBody,
    result: requestAccepted,
    appCheck: true,
    errors: ["invalid_argument", "rate_limited", "unauthenticated", ...EDGE_ERRORS],
  },
  verify: {
    ...ENDPOINT_PATHS.verify,
    summary: "Check a reset link's token before showing the form; changes nothing",
    body: verifyBody,
    result: verifyResult,
    appCheck: true,
    errors: [
      "invalid_argument",
      "token_invalid",
      "token_expired",
      "token_used",
      "rate_limited",
      "unauthenticated",
      ...EDGE_ERRORS,
    ],
  },
  complete: {
    ...ENDPOINT_PATHS.complete,
    summary: "Set the new password; the link is used only when Particle accepted it",
    body: completeBody,
    result: completeResult,
    appCheck: true,
    errors: [
      "invalid_argument",
      "weak_password",
      "token_invalid",
      "token_expired",
      "token_used",
      "rate_limited",
      "upstream_unavailable",
      "unauthenticated",
      ...EDGE_ERRORS,
    ],
  },
  pageConfig: {
    ...ENDPOINT_PATHS.pageConfig,
    summary: "The reset page's brand, password policy and strings in the asked language",
    query: pageConfigQuery,
    result: pageConfigResult,
    errors: ["invalid_argument", "method_not_allowed"],
  },
  sendgridEvents: {
    ...ENDPOINT_PATHS.sendgridEvents,
    summary:
      "SendGrid's signed Event Webhook (ECDSA over timestamp + raw body); records delivery events",
    body: z.array(sendgridEvent).max(MAX_SENDGRID_EVENTS),
    result: sendgridEventsResult,
    errors: ["invalid_argument", "signature_invalid", "upstream_unavailable", ...EDGE_ERRORS],
  },
} as const satisfies Record<
  EndpointName,
  {
    method: "GET" | "POST";
    path: string;
    summary: string;
    body?: z.ZodType;
    query?: z.ZodType;
    result: z.ZodType;
    appCheck?: true;
    errors: readonly ErrorCode[];
  }
>;

export type { EndpointName };
export type EndpointResult<E extends EndpointName> = z.infer<(typeof ENDPOINTS)[E]["result"]>;
/** The endpoints that take a JSON body, and that body as a client sends it. */
export type BodyEndpoint = {
  [E in EndpointName]: (typeof ENDPOINTS)[E] extends { body: z.ZodType } ? E : never;
}[EndpointName];
export type EndpointBody<E extends BodyEndpoint> = (typeof ENDPOINTS)[E] extends {
  body: infer B extends z.ZodType;
}
  ? z.input<B>
  : never;

export type RequestAccepted = z.infer<typeof requestAccepted>;
export type VerifyResult = z.infer<typeof verifyResult>;
export type CompleteResult = z.infer<typeof completeResult>;
/** The page's strings: the `page` section of the catalogue, so the page's keys are typed. */
export type PageStrings = Messages["page"];
export type PageConfig = Omit<z.infer<typeof pageConfigResult>, "strings"> & {
  strings: PageStrings;
};
export type SendgridEvent = z.infer<typeof sendgridEvent>;
export type SendgridEventsResult = z.infer<typeof sendgridEventsResult>;

/**
 * Firebase callables for the apps (data in, result out, errors as HttpsError with `details.code`).
 * Each is the twin of a JSON endpoint: its body is the callable's data, its result the
 * callable's, the same handler runs behind both, and it answers the same machine codes.
 */
export const CALLABLES = {
  requestPasswordReset: "request",
  verifyPasswordReset: "verify",
  completePasswordReset: "complete",
} as const satisfies Record<keyof typeof CALLABLE_PATHS, BodyEndpoint>;

export type CallableName = keyof typeof CALLABLES;
/** A callable's data as an app sends it, and its result: its endpoint's body and result. */
export type CallableData<C extends CallableName> = EndpointBody<(typeof CALLABLES)[C]>;
export type CallableResult<C extends CallableName> = EndpointResult<(typeof CALLABLES)[C]>;
