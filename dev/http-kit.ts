/**
 * Shared plumbing for the local stand-in servers (Particle Cloud API, SendGrid v3): body reading
 * with a size cap, JSON / form parsing, a tiny router, and the control API that tests drive over
 * HTTP (fault injection + request recording + reset). Node built-ins only.
 *
 * Control API, identical on every stand-in:
 *   POST   /__control/faults    {method?, path?, status?, body?, retryAfter?, delayMs?, drop?,
 *                                times?} -> 201 {id}
 *   GET    /__control/faults    -> {faults: [...]} (with `remaining` uses)
 *   DELETE /__control/faults    clears all faults; DELETE /__control/faults/:id removes one
 *   GET    /__control/requests  -> {requests: [{method, path, query, headers, body, status, at}]}
 *   DELETE /__control/requests  clears the log
 *   POST   /__control/reset     back to the initial state (data, no faults, no log)
 */
import http, { STATUS_CODES } from "node:http";
import type {
  IncomingHttpHeaders,
  IncomingMessage,
  OutgoingHttpHeaders,
  Server,
  ServerResponse,
} from "node:http";
import type { AddressInfo } from "node:net";
import { setTimeout as sleep } from "node:timers/promises";

/** Bodies above this size are refused with 413, like the real services' front proxies do. */
export const MAX_BODY_BYTES = 1024 * 1024;

export interface RunningServer {
  /** Base URL without a trailing slash, e.g. `http://127.0.0.1:4321`. */
  url: string;
  port: number;
  close(): Promise<void>;
}

export interface ListenOptions {
  /** 0 (the default) picks a free port. */
  port?: number;
  /** Defaults to 127.0.0.1 so nothing is exposed beyond this machine. */
  host?: string;
}

// ---------------------------------------------------------------------------------------------
// Replies
// ---------------------------------------------------------------------------------------------

/** What a handler answers; written by the kit so the request log always sees the status. */
export interface Reply {
  status: number;
  headers?: OutgoingHttpHeaders;
  /** Serialised as JSON. */
  json?: unknown;
  /** Sent as-is; set `content-type` in headers. */
  text?: string;
}

export function jsonReply(status: number, body: unknown, headers?: OutgoingHttpHeaders): Reply {
  return { status, json: body, headers };
}

export function textReply(
  status: number,
  contentType: string,
  text: string,
  headers?: OutgoingHttpHeaders,
): Reply {
  return { status, text, headers: { "content-type": contentType, ...headers } };
}

export function emptyReply(status: number, headers?: OutgoingHttpHeaders): Reply {
  return { status, headers };
}

/** Thrown by handlers to answer an error from deep inside validation or auth code. */
export class HttpError extends Error {
  constructor(readonly reply: Reply) {
    super(`HTTP ${reply.status}`);
  }
}

export function fail(status: number, body: unknown, headers?: OutgoingHttpHeaders): never {
  throw new HttpError(jsonReply(status, body, headers));
}

/** The standard reason phrase for a status, e.g. 503 -> "Service Unavailable". */
export function reasonPhrase(status: number): string {
  return STATUS_CODES[status] ?? "Error";
}

function writeReply(res: ServerResponse, reply: Reply): void {
  if (res.headersSent || res.destroyed) return;
  const headers: OutgoingHttpHeaders = { ...reply.headers };
  let payload: string | undefined = reply.text;
  if (reply.json !== undefined) {
    payload = JSON.stringify(reply.json);
    headers["content-type"] = "application/json; charset=utf-8";
  }
  // Explicit length, so empty answers (SendGrid's 202) are not sent chunked.
  headers["content-length"] = Buffer.byteLength(payload ?? "");
  res.writeHead(reply.status, headers);
  res.end(payload);
}

// ---------------------------------------------------------------------------------------------
// Request bodies
// ---------------------------------------------------------------------------------------------

/** Reads the whole body, or returns null once it exceeds the cap (the rest is drained). */
export async function readBody(
  req: IncomingMessage,
  limit = MAX_BODY_BYTES,
): Promise<Buffer | null> {
  const chunks: Buffer[] = [];
  let size = 0;
  // Keep draining past the cap so the client finishes sending and can read our 413.
  for await (const chunk of req as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size <= limit) chunks.push(chunk);
  }
  return size > limit ? null : Buffer.concat(chunks);
}

export interface ParsedBody {
  /** Parsed JSON, a form object, the raw text for unknown types, or undefined when empty. */
  value: unknown;
  /** True when the body claimed to be (or had to be) JSON but did not parse. */
  malformed: boolean;
}

/** Parses JSON or application/x-www-form-urlencoded, the two formats both real APIs accept. */
export function parseBody(raw: Buffer, contentType = ""): ParsedBody {
  const text = raw.toString("utf8");
  if (text.length === 0) return { value: undefined, malformed: false };
  if (/application\/x-www-form-urlencoded/i.test(contentType)) {
    return { value: Object.fromEntries(new URLSearchParams(text)), malformed: false };
  }
  try {
    return { value: JSON.parse(text) as unknown, malformed: false };
  } catch {
    return { value: text, malformed: /json/i.test(contentType) || contentType === "" };
  }
}

export function isRecord(value: unknown): value is Record<string, unknown> {
  return typeof value === "object" && value !== null && !Array.isArray(value);
}

// ---------------------------------------------------------------------------------------------
// Router
// ---------------------------------------------------------------------------------------------

export interface Request {
  method: string;
  /** URL path as sent (still percent-encoded). */
  path: string;
  query: URLSearchParams;
  headers: IncomingHttpHeaders;
  body: ParsedBody;
  /** Route parameters, percent-decoded. */
  params: Record<string, string>;
}

export type Handler = (req: Request) => Reply | Promise<Reply>;

export interface RouteOptions {
  /**
   * Inspection routes (inboxes, dev pages) are tooling, not the emulated API: faults never hit
   * them and they are not recorded, so polling them cannot disturb a test.
   */
  inspection?: boolean;
}

interface Route {
  method: string;
  pattern: RegExp;
  keys: string[];
  handler: Handler;
  inspection: boolean;
}

export interface RouteMatch {
  handler: Handler;
  params: Record<string, string>;
  inspection: boolean;
}

/** Express-style `/v1/products/:product` patterns; a parameter is one path segment. */
export class Router {
  private readonly routes: Route[] = [];

  on(method: string, path: string, handler: Handler, options: RouteOptions = {}): this {
    const keys: string[] = [];
    const source = path.replace(/:(\w+)/g, (_, key: string) => {
      keys.push(key);
      return "([^/]+)";
    });
    const pattern = new RegExp(`^${source}/?$`);
    this.routes.push({ method, pattern, keys, handler, inspection: options.inspection ?? false });
    return this;
  }

  /** Throws URIError when a parameter is not valid percent-encoding. */
  match(method: string, path: string): RouteMatch | undefined {
    for (const route of this.routes) {
      const found = route.method === method ? route.pattern.exec(path) : null;
      if (!found) continue;
      const params: Record<string, string> = {};
      route.keys.forEach((key, i) => (params[key] = decodeURIComponent(found[i + 1])));
      return { handler: route.handler, params, inspection: route.inspection };
    }
    return undefined;
  }
}

// ---------------------------------------------------------------------------------------------
// Fault injection
// ---------------------------------------------------------------------------------------------

export interface FaultSpec {
  method?: string;
  /** Regex source matched against the URL path as sent (percent-encoded, no query string). */
  path?: string;
  status?: number;
  body?: unknown;
  /** Seconds; sent as Retry-After. */
  retryAfter?: number;
  /** Wait this long before answering (or before the normal handler runs). */
  delayMs?: number;
  /** Destroy the socket without answering. */
  drop?: boolean;
  /** How many matching requests it applies to; unlimited when omitted. */
  times?: number;
}

interface Fault extends FaultSpec {
  id: string;
  matcher: RegExp;
  remaining: number;
}

const MAX_DELAY_MS = 10 * 60 * 1000;

/** Checks a control-API fault body; returns an error message or the clean spec. */
export function validateFaultSpec(input: unknown): string | FaultSpec {
  if (!isRecord(input)) return "fault must be a JSON object";
  const { method, path, status, body, retryAfter, delayMs, drop, times } = input;
  if (method !== undefined && typeof method !== "string") return "method must be a string";
  if (path !== undefined && typeof path !== "string") return "path must be a regex source string";
  if (typeof path === "string" && !isValidRegex(path)) return `path is not a valid regex: ${path}`;
  if (status !== undefined && !isIntegerIn(status, 100, 599)) return "status must be 100-599";
  if (retryAfter !== undefined && !isIntegerIn(retryAfter, 0, 86400))
    return "retryAfter must be whole seconds";
  if (delayMs !== undefined && !isIntegerIn(delayMs, 0, MAX_DELAY_MS))
    return `delayMs must be an integer from 0 to ${MAX_DELAY_MS}`;
  if (drop !== undefined && typeof drop !== "boolean") return "drop must be a boolean";
  if (times !== undefined && !isIntegerIn(times, 1, Number.MAX_SAFE_INTEGER))
    return "times must be a positive integer";
  if (status === undefined && body === undefined && !drop && delayMs === undefined)
    return "a fault needs at least one of status, body, drop or delayMs";
  return { method, path, status, body, retryAfter, delayMs, drop, times } as FaultSpec;
}

function isIntegerIn(value: unknown, min: number, max: number): value is number {
  return Number.isInteger(value) && (value as number) >= min && (value as number) <= max;
}

function isValidRegex(source: string): boolean {
  try {
    new RegExp(source);
    return true;
  } catch {
    return false;
  }
}

export class FaultInjector {
  private faults: Fault[] = [];
  private nextId = 1;

  add(spec: FaultSpec): string {
    const id = `fault-${this.nextId++}`;
    const matcher = new RegExp(spec.path ?? "");
    this.faults.push({ ...spec, id, matcher, remaining: spec.times ?? Infinity });
    return id;
  }

  remove(id: string): boolean {
    const before = this.faults.length;
    this.faults = this.faults.filter((fault) => fault.id !== id);
    return this.faults.length < before;
  }

  clear(): void {
    this.faults = [];
  }

  list(): Array<FaultSpec & { id: string; remaining: number | null }> {
    return this.faults.map(({ matcher: _matcher, remaining, ...spec }) => ({
      ...spec,
      remaining: Number.isFinite(remaining) ? remaining : null,
    }));
  }

  /** Consumes one use of the oldest fault matching the request, if any. */
  take(method: string, path: string): FaultSpec | undefined {
    const fault = this.faults.find(
      (f) => (!f.method || f.method.toUpperCase() === method) && f.matcher.test(path),
    );
    if (!fault) return undefined;
    fault.remaining -= 1;
    if (fault.remaining <= 0) this.remove(fault.id);
    return fault;
  }
}

// ---------------------------------------------------------------------------------------------
// Request recording
// ---------------------------------------------------------------------------------------------

export interface RecordedRequest {
  method: string;
  path: string;
  query: Record<string, string>;
  /** Lower-case names, as Node gives them; authorization is kept on purpose. */
  headers: IncomingHttpHeaders;
  /** Parsed body, raw text when unparseable, null when empty or too large. */
  body: unknown;
  /** What we answered; null while pending or when the socket was dropped. */
  status: number | null;
  at: string;
}

export class RequestRecorder {
  private entries: RecordedRequest[] = [];

  record(req: Request): RecordedRequest {
    const entry: RecordedRequest = {
      method: req.method,
      path: req.path,
      query: Object.fromEntries(req.query),
      headers: { ...req.headers },
      body: req.body.value ?? null,
      status: null,
      at: new Date().toISOString(),
    };
    this.entries.push(entry);
    return entry;
  }

  list(): RecordedRequest[] {
    return this.entries;
  }

  clear(): void {
    this.entries = [];
  }
}

// ---------------------------------------------------------------------------------------------
// Stand-in server
// ---------------------------------------------------------------------------------------------

export interface StandInConfig {
  router: Router;
  /** The service's own realistic error for a status (used for 404/413 and injected faults). */
  errorReply(status: number, context: { retryAfter?: number }): Reply;
  /** Restore the service's data to its initial state (the kit resets faults and the log). */
  reset(): void;
}

interface StandInState {
  config: StandInConfig;
  faults: FaultInjector;
  recorder: RequestRecorder;
  control: Router;
  /** Aborts pending fault delays when the server closes. */
  shutdown: AbortController;
}

const CONTROL_PREFIX = "/__control/";

function buildControlRouter(state: Omit<StandInState, "control" | "shutdown">): Router {
  const { faults, recorder, config } = state;
  const ok = (): Reply => jsonReply(200, { ok: true });
  const badRequest = (error: string): Reply => jsonReply(400, { error });
  const addFault = (req: Request): Reply => {
    if (req.body.malformed) return badRequest("body must be JSON");
    const spec = validateFaultSpec(req.body.value);
    return typeof spec === "string" ? badRequest(spec) : jsonReply(201, { id: faults.add(spec) });
  };
  const removeFault = (req: Request): Reply =>
    faults.remove(req.params.id) ? ok() : jsonReply(404, { error: "no such fault" });
  const reset = (): Reply => {
    faults.clear();
    recorder.clear();
    config.reset();
    return ok();
  };
  return new Router()
    .on("POST", "/__control/faults", addFault)
    .on("GET", "/__control/faults", () => jsonReply(200, { faults: faults.list() }))
    .on("DELETE", "/__control/faults", () => {
      faults.clear();
      return ok();
    })
    .on("DELETE", "/__control/faults/:id", removeFault)
    .on("GET", "/__control/requests", () => jsonReply(200, { requests: recorder.list() }))
    .on("DELETE", "/__control/requests", () => {
      recorder.clear();
      return ok();
    })
    .on("POST", "/__control/reset", reset);
}

interface IncomingRequest extends Request {
  tooLarge: boolean;
}

async function toRequest(req: IncomingMessage): Promise<IncomingRequest> {
  const url = new URL(req.url ?? "/", "http://stand-in.local");
  const raw = await readBody(req);
  return {
    method: (req.method ?? "GET").toUpperCase(),
    path: url.pathname,
    query: url.searchParams,
    headers: req.headers,
    body: raw
      ? parseBody(raw, req.headers["content-type"])
      : { value: undefined, malformed: false },
    params: {},
    tooLarge: raw === null,
  };
}

async function handleControl(state: StandInState, req: Request): Promise<Reply> {
  const match = safeMatch(state.control, req);
  if (match === "bad-encoding" || !match) return jsonReply(404, { error: "unknown control route" });
  return match.handler({ ...req, params: match.params });
}

function safeMatch(router: Router, req: Request): RouteMatch | undefined | "bad-encoding" {
  try {
    return router.match(req.method, req.path);
  } catch {
    return "bad-encoding";
  }
}

/**
 * Applies an injected fault. Returns the reply to send, "dropped" when the socket is gone, or
 * undefined when the fault only delayed the request and normal handling should continue.
 */
async function applyFault(
  state: StandInState,
  fault: FaultSpec,
  res: ServerResponse,
): Promise<Reply | "dropped" | undefined> {
  if (fault.delayMs) await sleep(fault.delayMs, undefined, { signal: state.shutdown.signal });
  if (fault.drop) {
    res.socket?.destroy();
    return "dropped";
  }
  if (fault.status === undefined && fault.body === undefined) return undefined;
  const status = fault.status ?? 500;
  const reply =
    fault.body === undefined
      ? state.config.errorReply(status, { retryAfter: fault.retryAfter })
      : jsonReply(status, fault.body);
  if (fault.retryAfter === undefined) return reply;
  return { ...reply, headers: { ...reply.headers, "retry-after": String(fault.retryAfter) } };
}

async function routeRequest(
  state: StandInState,
  req: Request,
  match: ReturnType<typeof safeMatch>,
): Promise<Reply> {
  if (match === "bad-encoding") return state.config.errorReply(400, {});
  if (!match) return state.config.errorReply(404, {});
  try {
    return await match.handler({ ...req, params: match.params });
  } catch (error) {
    if (error instanceof HttpError) return error.reply;
    console.error("stand-in handler failed:", error);
    return state.config.errorReply(500, {});
  }
}

/** Records the request, applies a matching fault, else refuses oversized bodies or routes it. */
async function handleService(
  state: StandInState,
  req: IncomingRequest,
  res: ServerResponse,
): Promise<void> {
  const match = safeMatch(state.config.router, req);
  const inspection = typeof match === "object" && match.inspection;
  const entry = inspection ? undefined : state.recorder.record(req);
  const answer = (reply: Reply): void => {
    if (entry) entry.status = reply.status;
    writeReply(res, reply);
  };

  const fault = inspection ? undefined : state.faults.take(req.method, req.path);
  if (fault) {
    const outcome = await applyFault(state, fault, res);
    if (outcome === "dropped") return;
    if (outcome) return answer(outcome);
  }
  if (req.tooLarge) return answer(state.config.errorReply(413, {}));
  answer(await routeRequest(state, req, match));
}

function createHandler(state: StandInState) {
  return async (incoming: IncomingMessage, res: ServerResponse): Promise<void> => {
    try {
      const req = await toRequest(incoming);
      if (req.path.startsWith(CONTROL_PREFIX))
        return writeReply(res, await handleControl(state, req));
      await handleService(state, req, res);
    } catch (error) {
      // Aborted delays (server closing) and client disconnects end up here; nothing to answer.
      if (!res.destroyed && !state.shutdown.signal.aborted) {
        console.error("stand-in request failed:", error);
        writeReply(res, jsonReply(500, { error: "stand-in failure" }));
      }
    }
  };
}

function publicUrl(host: string, port: number): string {
  const reachable = host === "0.0.0.0" ? "127.0.0.1" : host === "::" ? "::1" : host;
  return `http://${reachable.includes(":") ? `[${reachable}]` : reachable}:${port}`;
}

function closeServer(server: Server, shutdown: AbortController): Promise<void> {
  shutdown.abort();
  return new Promise((resolve, reject) => {
    server.close((error) => (error ? reject(error) : resolve()));
    // Keep-alive sockets would otherwise hold close() open until they time out.
    server.closeAllConnections();
  });
}

/** Starts a stand-in service with the control API mounted next to its routes. */
export function startStandIn(
  config: StandInConfig,
  options: ListenOptions,
): Promise<RunningServer> {
  const faults = new FaultInjector();
  const recorder = new RequestRecorder();
  const control = buildControlRouter({ config, faults, recorder });
  const shutdown = new AbortController();
  const server = http.createServer(createHandler({ config, faults, recorder, control, shutdown }));
  const host = options.host ?? "127.0.0.1";

  return new Promise((resolve, reject) => {
    server.once("error", reject);
    server.listen(options.port ?? 0, host, () => {
      server.off("error", reject);
      const { port } = server.address() as AddressInfo;
      resolve({ url: publicUrl(host, port), port, close: () => closeServer(server, shutdown) });
    });
  });
}
