/**
 * What the local stand-ins (Particle Cloud API, SendGrid v3) share, on Express 5: its body
 * parsers give the size cap (413), JSON and form parsing, its router the path parameters and
 * async error handling. On top: the control API (dev/control-client.ts) with fault injection and
 * request recording in front of each stand-in's own routes.
 *
 * Why Express: it is already in the toolchain (firebase-functions depends on it, the reference
 * app is Express), and a dropped connection is one `req.socket.destroy()`. Hono would need the
 * Node adapter for that; mockttp would replace our control API with its own admin protocol.
 */
import http, { STATUS_CODES, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";
import express, {
  type ErrorRequestHandler,
  type Request,
  type RequestHandler,
  type Response,
  type Router,
} from "express";
import { faultSchema, type Fault, type RecordedRequest } from "./control-client";

/** Bodies above this size are refused with 413, like the real services' front proxies do. */
const MAX_BODY_BYTES = 1024 * 1024;

export interface RunningServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:4321`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface ListenOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
}

/** A JSON answer, for errors thrown from deep inside validation or auth code. */
export interface Reply {
  status: number;
  body: unknown;
  headers?: Record<string, string>;
}

class HttpError extends Error {
  constructor(readonly reply: Reply) {
    super(`HTTP ${reply.status}`);
  }
}

export function fail(status: number, body: unknown, headers?: Record<string, string>): never {
  throw new HttpError({ status, body, headers });
}

export function send(res: Response, { status, body, headers }: Reply): void {
  res
    .status(status)
    .set(headers ?? {})
    .json(body);
}

/** The standard reason phrase for a status, e.g. 503 -> "Service Unavailable". */
export function reasonPhrase(status: number): string {
  return STATUS_CODES[status] ?? "Error";
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

/** One query parameter as a string; repeated or absent ones are undefined. */
export function queryParam(req: Request, name: string): string | undefined {
  const value = req.query[name];
  return typeof value === "string" ? value : undefined;
}

export interface StandIn {
  /** The emulated API: its requests are recorded and faults apply to them. */
  api(router: Router): void;
  /**
   * Tooling (inboxes, dev pages), not the emulated API: never faulted nor recorded, so polling
   * it cannot disturb a test.
   */
  inspection?(router: Router): void;
  /** Extra control routes of this stand-in, under /__control. */
  control?(router: Router): void;
  /** The service's own error for a bare status (unknown routes, 413, injected faults). */
  errorReply(status: number, context: { retryAfter?: number }): Reply;
  /** Restores the service's data (faults and the log are reset here). */
  reset(): void;
}

interface ActiveFault {
  id: string;
  fault: Fault;
  path: RegExp;
  remaining: number;
}

/** Case-sensitive like the real APIs; a trailing slash is accepted. */
const newRouter = () => express.Router({ caseSensitive: true });

/**
 * Both real APIs take JSON (also when no type is sent) and forms; anything else stays text. A
 * body that does not parse reaches the handler as its raw text, as the services judge it there;
 * other body errors (413, bad charset) wait until the request is recorded and faults had their go.
 */
function bodyParsers(): RequestHandler[] {
  const limit = MAX_BODY_BYTES;
  const isJson = (req: http.IncomingMessage) => /json/i.test(req.headers["content-type"] ?? "json");
  return [
    express.json({ limit, strict: false, type: isJson }),
    express.urlencoded({ limit, extended: false }),
    express.text({ limit, type: () => true }),
  ].map((parse) => (req, res, next) => {
    parse(req, res, (error?: unknown) => {
      const failed = error as { type?: string; body?: string } | undefined;
      if (failed?.type === "entity.parse.failed") req.body = failed.body;
      else if (error) res.locals.bodyError = error;
      next();
    });
  });
}

/** Starts a stand-in service with the control API mounted next to its routes. */
export function startStandIn(config: StandIn, options: ListenOptions): Promise<RunningServer> {
  let faults: ActiveFault[] = [];
  let log: Array<() => RecordedRequest> = [];
  let nextFaultId = 1;
  // Aborts pending fault delays when the server closes.
  const shutdown = new AbortController();

  const control = newRouter().use(express.json({ strict: false, type: () => true }));
  const ok = (res: Response) => res.json({ ok: true });
  control.post("/faults", (req, res) => {
    const parsed = faultSchema.safeParse(req.body);
    if (!parsed.success)
      return void res.status(400).json({ error: parsed.error.issues[0].message });
    const { data: fault } = parsed;
    const id = `fault-${nextFaultId++}`;
    const remaining = fault.times ?? Infinity;
    faults.push({ id, fault, path: new RegExp(fault.path ?? ""), remaining });
    res.status(201).json({ id });
  });
  control.get("/faults", (_req, res) => {
    const list = faults.map(({ id, fault, remaining }) => ({
      ...fault,
      id,
      remaining: Number.isFinite(remaining) ? remaining : null,
    }));
    res.json({ faults: list });
  });
  control.delete("/faults", (_req, res) => {
    faults = [];
    ok(res);
  });
  control.delete("/faults/:id", (req, res) => {
    const before = faults.length;
    faults = faults.filter((f) => f.id !== req.params.id);
    if (faults.length < before) ok(res);
    else res.status(404).json({ error: "no such fault" });
  });
  control.get("/requests", (_req, res) => res.json({ requests: log.map((entry) => entry()) }));
  control.delete("/requests", (_req, res) => {
    log = [];
    ok(res);
  });
  control.post("/reset", (_req, res) => {
    faults = [];
    log = [];
    config.reset();
    ok(res);
  });
  config.control?.(control);
  control.use((_req, res) => res.status(404).json({ error: "unknown control route" }));
  control.use(((_error, _req, res, _next) => {
    res.status(400).json({ error: "body must be JSON" });
  }) as ErrorRequestHandler);

  function record(req: Request, res: Response): void {
    const { method, path, body } = req;
    // The "simple" query parser (Express 5's default) gives strings, or arrays when repeated.
    const query = req.query as RecordedRequest["query"];
    const at = new Date().toISOString();
    const entry = { method, path, query, headers: { ...req.headers }, body: body ?? null, at };
    // Read when listed: the status is known once the answer is written, never for a drop.
    log.push(() => ({ ...entry, status: res.headersSent ? res.statusCode : null }));
  }

  /** Applies the oldest matching fault, if any; true when it answered (or dropped) the request. */
  async function applyFault(req: Request, res: Response): Promise<boolean> {
    const active = faults.find(
      ({ fault, path }) =>
        (!fault.method || fault.method.toUpperCase() === req.method) && path.test(req.path),
    );
    if (!active) return false;
    if (--active.remaining <= 0) faults = faults.filter((f) => f !== active);
    const { delayMs, drop, status, body, retryAfter } = active.fault;
    if (delayMs) await sleep(delayMs, undefined, { signal: shutdown.signal });
    if (drop) {
      req.socket.destroy();
      return true;
    }
    if (status === undefined && body === undefined) return false;
    const reply =
      body === undefined
        ? config.errorReply(status ?? 500, { retryAfter })
        : { status: status ?? 500, body };
    const headers = { ...reply.headers };
    if (retryAfter !== undefined) headers["retry-after"] = String(retryAfter);
    send(res, { ...reply, headers });
    return true;
  }

  const api = newRouter();
  config.api(api);
  const inspection = newRouter();
  config.inspection?.(inspection);

  const handleError: ErrorRequestHandler = (error: unknown, _req, res, _next) => {
    // Aborted delays (server closing) and client disconnects end up here; nothing to answer.
    if (shutdown.signal.aborted || res.headersSent || res.destroyed) return;
    if (error instanceof HttpError) return send(res, error.reply);
    // Express and its body parsers mark client errors: 400 bad path encoding, 413, 415.
    const status = (error as { status?: unknown }).status;
    if (typeof status === "number" && status >= 400 && status < 500) {
      return send(res, config.errorReply(status, {}));
    }
    console.error("stand-in request failed:", error);
    send(res, config.errorReply(500, {}));
  };

  const app = express()
    .disable("x-powered-by")
    .disable("etag")
    .use("/__control", control)
    .use(inspection)
    .use(bodyParsers())
    .use(async (req, res, next) => {
      record(req, res);
      if (!(await applyFault(req, res))) next(res.locals.bodyError);
    })
    .use(api)
    .use((_req, res) => send(res, config.errorReply(404, {})))
    .use(handleError);

  return listen(app, options, shutdown);
}

/** Serves an Express app on 127.0.0.1 only; close() also ends keep-alive connections. */
export function listen(
  app: express.Express,
  options: ListenOptions = {},
  shutdown = new AbortController(),
): Promise<RunningServer> {
  const server = http.createServer(app);
  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, "127.0.0.1", () => {
      server.off("error", reject);
      const { port } = server.address() as AddressInfo;
      resolve({
        url: `http://127.0.0.1:${port}`,
        port,
        close: () => closeServer(server, shutdown),
      });
    });
  });
}

function closeServer(server: Server, shutdown: AbortController): Promise<void> {
  shutdown.abort();
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive sockets would otherwise hold close() open until they time out.
    server.closeAllConnections();
  });
}
