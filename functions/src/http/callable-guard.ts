/**
 * A guard in front of the callable SDK's own request handling. The SDK decodes `data` before our
 * handler runs, and on hostile input it fails badly: a `{"@type": …}` object it cannot decode, or
 * nesting deep enough to overflow its recursive decoder, becomes a 500 INTERNAL (and is logged
 * with the client's data); a `__proto__` key becomes a prototype, so an inherited `email` would
 * pass our strict validation; and an envelope without `data` is logged whole, customer email
 * included. None of that is a valid request for us, so it is refused here with the callable
 * protocol's 400 and nothing is logged, worded in the request's language (its Accept-Language:
 * the data is not to be trusted). It also applies ALLOWED_ORIGINS (allowed-origins.ts) before the
 * SDK sees a browser's request. Kept light, the catalogue its only static import besides the SDK:
 * index.ts loads it eagerly.
 */
import type { Response } from "express";
import { HttpsError, type FunctionsErrorCode, type Request } from "firebase-functions/v2/https";
import type { ErrorCode } from "../contract/errors";
import { apiMessage, chooseLocale, type ApiMessageKey, type MessageParams } from "../i18n/messages";

/** Our callable takes a flat object; anything nested deeper than this is not a request. */
const MAX_DATA_DEPTH = 16;

type HttpHandler = (req: Request, res: Response) => void | Promise<void>;

/** Why a body is refused: a message of the catalogue. */
export interface CallableProblem {
  key: ApiMessageKey;
  params: MessageParams;
}

/** Why the body is refused, or null to let the SDK handle it (including its own refusals). */
export function callableBodyProblem(req: Pick<Request, "method" | "body">): CallableProblem | null {
  if (req.method !== "POST") return null;
  const body: unknown = req.body;
  if (typeof body !== "object" || body === null || Array.isArray(body)) return null;
  if (!Object.prototype.hasOwnProperty.call(body, "data")) {
    return { key: "fieldRequired", params: { field: "data" } };
  }
  return hostileData((body as { data: unknown }).data);
}

/** Iterative walk: the check itself must not be what overflows the stack. */
function hostileData(data: unknown): CallableProblem | null {
  const pending: Array<[unknown, number]> = [[data, 0]];
  const field = "request";
  while (pending.length > 0) {
    const [value, depth] = pending.pop()!;
    if (typeof value !== "object" || value === null) continue;
    if (depth >= MAX_DATA_DEPTH) return { key: "nestedTooDeeply", params: { field } };
    if (!Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, "@type")) {
      return { key: "typedValue", params: { field } };
    }
    // The SDK's decoder would turn it into the object's prototype, hiding it from validation.
    if (!Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, "__proto__")) {
      return { key: "unknownFields", params: { field, fields: "__proto__" } };
    }
    for (const child of Object.values(value)) pending.push([child, depth + 1]);
  }
  return null;
}

function refuse(
  req: Request,
  res: Response,
  status: FunctionsErrorCode,
  code: ErrorCode,
  problem: CallableProblem,
): void {
  const locale = chooseLocale(req.headers?.["accept-language"]);
  const message = apiMessage(locale, problem.key, problem.params);
  const error = new HttpsError(status, message, { code });
  res.status(error.httpErrorCode.status).json({ error: error.toJSON() });
}

/**
 * Wraps an `onCall` function: refused bodies get the protocol's error answer, everything else
 * goes to the SDK. The wrapper carries the function's deployment metadata (`__endpoint`, …).
 */
export function guardCallable<T extends HttpHandler>(callable: T): T {
  const guarded: HttpHandler = async (req, res) => {
    if (req.headers?.origin !== undefined || req.method === "OPTIONS") {
      const { applyCors } = await import("./allowed-origins");
      const outcome = await applyCors(req, res);
      if (outcome === "answered") return;
      if (outcome === "refused") {
        return refuse(req, res, "permission-denied", "origin_not_allowed", {
          key: "originNotAllowed",
          params: {},
        });
      }
    }
    const problem = callableBodyProblem(req);
    if (problem === null) return callable(req, res);
    refuse(req, res, "invalid-argument", "invalid_argument", problem);
  };
  return Object.defineProperties(guarded, Object.getOwnPropertyDescriptors(callable)) as T;
}
