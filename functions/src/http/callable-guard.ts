/**
 * A guard in front of the callable SDK's own request handling. The SDK decodes `data` before our
 * handler runs, and on hostile input it fails badly: a `{"@type": …}` object it cannot decode, or
 * nesting deep enough to overflow its recursive decoder, becomes a 500 INTERNAL (and is logged
 * with the client's data); a `__proto__` key becomes a prototype, so an inherited `email` would
 * pass our strict validation; and an envelope without `data` is logged whole, customer email
 * included. None of that is a valid request for us, so it is refused here with the callable
 * protocol's 400 and nothing is logged. Kept dependency-free: index.ts loads it eagerly.
 */
import type { Response } from "express";
import { HttpsError, type Request } from "firebase-functions/v2/https";

/** Our callable takes a flat object; anything nested deeper than this is not a request. */
const MAX_DATA_DEPTH = 16;

type HttpHandler = (req: Request, res: Response) => void | Promise<void>;

/** Why the body is refused, or null to let the SDK handle it (including its own refusals). */
export function callableBodyProblem(req: Pick<Request, "method" | "body">): string | null {
  if (req.method !== "POST") return null;
  const body: unknown = req.body;
  if (typeof body !== "object" || body === null || Array.isArray(body)) return null;
  if (!Object.prototype.hasOwnProperty.call(body, "data")) return "Bad Request";
  return hostileData((body as { data: unknown }).data);
}

/** Iterative walk: the check itself must not be what overflows the stack. */
function hostileData(data: unknown): string | null {
  const pending: Array<[unknown, number]> = [[data, 0]];
  while (pending.length > 0) {
    const [value, depth] = pending.pop()!;
    if (typeof value !== "object" || value === null) continue;
    if (depth >= MAX_DATA_DEPTH) return "request is nested too deeply";
    if (!Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, "@type")) {
      return "request has an unsupported typed value";
    }
    // The SDK's decoder would turn it into the object's prototype, hiding it from validation.
    if (!Array.isArray(value) && Object.prototype.hasOwnProperty.call(value, "__proto__")) {
      return "request has unknown field(s): __proto__";
    }
    for (const child of Object.values(value)) pending.push([child, depth + 1]);
  }
  return null;
}

/**
 * Wraps an `onCall` function: refused bodies get the protocol's error answer, everything else
 * goes to the SDK. The wrapper carries the function's deployment metadata (`__endpoint`, …).
 */
export function guardCallable<T extends HttpHandler>(callable: T): T {
  const guarded: HttpHandler = (req, res) => {
    const problem = callableBodyProblem(req);
    if (problem === null) return callable(req, res);
    const error = new HttpsError("invalid-argument", problem, { code: "invalid_argument" });
    res.status(error.httpErrorCode.status).json({ error: error.toJSON() });
  };
  return Object.defineProperties(guarded, Object.getOwnPropertyDescriptors(callable)) as T;
}
