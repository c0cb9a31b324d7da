/**
 * The same-origin JSON API behind the Hosting rewrite `/api/**`. This edge owns HTTP concerns
 * (routing, methods, content type, size, headers, status codes); handlers own the domain.
 */
import type { Request } from "firebase-functions/v2/https";
import type { Response } from "express";
import {
  APP_CHECK_HEADER,
  ENDPOINTS,
  type EndpointName,
  type EndpointResult,
} from "../contract/api";
import { OPENAPI_PATH } from "../contract/paths";
import { requireAppCheck } from "../app-check/require-app-check";
import { ResetError } from "../errors";
import { completeReset } from "../handlers/complete-reset";
import { pageConfig } from "../handlers/page-config";
import { MAX_WEBHOOK_BYTES, recordSendgridEvents } from "../handlers/record-sendgrid-events";
import { requestReset } from "../handlers/request-reset";
import { verifyReset } from "../handlers/verify-reset";
import type { Services } from "../services";
import { clientAddress } from "./client-address";
import { errorBody, httpStatus, requestLanguages, toResetError } from "./error-response";

const MAX_BODY_BYTES = 16 * 1024;

type Route = {
  method: "GET" | "POST";
  appCheck: boolean;
  run: (services: Services, req: Request, clientKey: string) => Promise<unknown> | unknown;
  /** Largest body accepted; default MAX_BODY_BYTES. */
  maxBytes?: number;
  /** The body is any JSON (the handler checks it), not an object. */
  anyJson?: boolean;
};

/** A route answers its endpoint's result type (contract/api.ts), or it doesn't compile. */
function route<E extends EndpointName>(
  name: E,
  run: (
    services: Services,
    req: Request,
    clientKey: string,
  ) => Promise<EndpointResult<E>> | EndpointResult<E>,
  options: Pick<Route, "maxBytes" | "anyJson"> = {},
): [string, Route] {
  const endpoint = ENDPOINTS[name];
  return [
    endpoint.path,
    { method: endpoint.method, appCheck: "appCheck" in endpoint, run, ...options },
  ];
}

const ROUTES: Record<string, Route> = Object.fromEntries([
  route("request", (s, req, client) =>
    requestReset(s, req.body, client, req.headers["accept-language"]),
  ),
  route("verify", (s, req, client) => verifyReset(s, req.body, client)),
  route("complete", (s, req, client) => completeReset(s, req.body, client)),
  route("pageConfig", (s, req) => pageConfig(s, req.query)),
  // Signed over the raw bytes, which the handler verifies and parses itself: firebase-functions'
  // Request carries them as `rawBody` ("the wire format representation of the request body",
  // kept by the runtime's body parser next to its parse; the emulator's does the same).
  route("sendgridEvents", (s, req) => recordSendgridEvents(s, req), {
    maxBytes: MAX_WEBHOOK_BYTES,
    anyJson: true,
  }),
]);

function checkRequest(req: Request, route: Route | undefined): Route {
  if (!route) throw new ResetError("not_found", "notFound");
  if (req.method !== route.method) {
    throw new ResetError("method_not_allowed", "methodNotAllowed", {
      params: { method: route.method },
    });
  }
  if (route.method === "POST") {
    if ((req.rawBody?.length ?? 0) > (route.maxBytes ?? MAX_BODY_BYTES)) {
      throw new ResetError("payload_too_large", "payloadTooLarge");
    }
    if (!req.is("application/json")) {
      throw new ResetError("unsupported_media_type", "unsupportedMediaType");
    }
    if (
      !route.anyJson &&
      (typeof req.body !== "object" || req.body === null || Array.isArray(req.body))
    ) {
      throw new ResetError("invalid_argument", "fieldNotObject", { params: { field: "request" } });
    }
  }
  return route;
}

export function createApiHandler(services: () => Services) {
  return async (req: Request, res: Response): Promise<void> => {
    res.removeHeader("X-Powered-By");
    res.set({
      "Cache-Control": "no-store",
      "X-Content-Type-Options": "nosniff",
      "Referrer-Policy": "no-referrer",
      // ASVS 14.4.2: a browser navigated to an API URL saves the JSON instead of rendering it.
      "Content-Disposition": 'attachment; filename="api.json"',
    });
    const path = req.path.replace(/\/+$/, "");
    if (path === OPENAPI_PATH && req.method === "GET") {
      // Loaded on demand: no other route pays for building the document.
      const { openApiDocument } = await import("../contract/openapi");
      res.status(200).json(openApiDocument());
      return;
    }
    try {
      const route = checkRequest(req, ROUTES[path]);
      const parts = services();
      if (route.appCheck) await requireAppCheck(parts, req.header(APP_CHECK_HEADER));
      const client = clientAddress(req, parts.config().trustedProxyHops);
      const result = await route.run(parts, req, client);
      res.status(200).json(result);
    } catch (error) {
      const known = toResetError(error, "api");
      if (known.retryAfterSeconds) res.set("Retry-After", String(known.retryAfterSeconds));
      if (known.code === "method_not_allowed") res.set("Allow", ROUTES[path].method);
      res.status(httpStatus(known.code)).json(errorBody(known, requestLanguages(req)));
    }
  };
}
