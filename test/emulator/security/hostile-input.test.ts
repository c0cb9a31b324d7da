import { completeBody, requestBody, verifyBody } from "../../../functions/src/contract/api";
/**
 * Hostile input, property-based (fast-check), against the whole local stack: every JSON endpoint
 * through the Hosting rewrite and the callable through the callable protocol. Every generated
 * input is invalid (filtered with the handlers' own zod schemas), so the property is strict:
 * each answer is a 4xx in the documented error shape, never a 5xx or a stack trace, and after
 * thousands of them Firestore is still empty, no mail was sent and Particle was never called.
 *
 * The number of cases is in each test's name (CI); `FUZZ_SCALE=4` multiplies them for a longer local
 * run, `FC_SEED=<n>` replays a failing run.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import fc from "fast-check";
import { ERROR_STATUS, type ErrorCode } from "../../../functions/src/contract/errors";
import {
  api,
  callCallable,
  DEMO_PRODUCT_ID,
  firestoreDocuments,
  functionLogs,
  hostingUrl,
  logMark,
  mails,
  mapConcurrent,
  recordedRequests,
  requestReset,
  resetAll,
  waitForLog,
  type ApiResponse,
  readResponse,
} from "../../support/stack";
import { getMessages } from "../../../functions/src/i18n/messages";
import { findProduct } from "../../../functions/src/config/config";
import { stackConfig } from "../../support/in-process";

/** The products the stack serves (both demo products, by id or slug). */
const SERVED = stackConfig();

/** The answers' English wording, from the catalogue the API answers from. */
const API = getMessages("en").api;

const SCALE = Math.max(0.01, Number(process.env.FUZZ_SCALE ?? 1));
const SEED = process.env.FC_SEED === undefined ? undefined : Number(process.env.FC_SEED);
/** Requests in flight at once: enough to keep the emulator busy, few enough for 2 cores. */
const CONCURRENCY = 8;
const FUZZ_TIMEOUT_MS = 240_000;

const CASES = {
  request: 1000,
  verify: 700,
  complete: 700,
  pageConfig: 250,
  transport: 350,
  routing: 150,
  callable: 1000,
  /** Each of verifyPasswordReset and completePasswordReset. */
  twinCallable: 300,
};
const NOT_FOUND_PAGE = readFileSync(join(__dirname, "../../../hosting/404.html"), "utf8");
const runs = (cases: number) => Math.ceil((cases * SCALE) / CONCURRENCY);

// ---------------------------------------------------------------------------------------------
// Generators

/** Payloads aimed at mail headers, HTML/script contexts, templates, paths and Unicode handling. */
const ADVERSARIAL_STRINGS = [
  "<script>alert(1)</script>",
  '"><img src=x onerror=alert(1)>',
  "'><svg/onload=alert(1)>",
  "javascript:alert(1)",
  "alice@example.com\r\nBcc: attacker@evil.example",
  "alice@example.com\nBcc: attacker@evil.example",
  "alice@example.com\rCc: attacker@evil.example",
  "alice@example.com%0d%0aBcc:attacker@evil.example",
  "alice@example.com\r\nContent-Type: text/html\r\n\r\n<h1>phish</h1>",
  "Alice <alice@example.com>, attacker@evil.example",
  "alice@example.com,attacker@evil.example",
  "alice@example.com;attacker@evil.example",
  "<alice@example.com>",
  '"alice"@example.com',
  "alice@[127.0.0.1]",
  "alice@localhost",
  "\u0430lice@example.com", // Cyrillic а
  "alice@ex\u0430mple.com",
  "\uff41lice@example.com", // fullwidth a
  "alice\u200b@example.com", // zero-width space
  "alice@example.com\u0000",
  "alice@example.com\u202e",
  "al\u0131ce@example.com", // dotless i
  "ALİCE@EXAMPLE.COM", // dotted capital I
  "{{7*7}}",
  "${7*7}",
  "<%= 7*7 %>",
  "'; DROP TABLE customers; --",
  "../../../../etc/passwd",
  "%2e%2e%2f%2e%2e%2f",
  "__proto__",
  "constructor",
  "toString",
  "\ud800",
  "\u{1F600}".repeat(64),
  "\u0000",
  "\r\n",
  " ",
  "",
  "x".repeat(255),
  "x".repeat(4097),
  "x".repeat(12_000),
];

const KEYS = [
  "email",
  "productId",
  "locale",
  "token",
  "password",
  "Email",
  "email ",
  "__proto__",
  "constructor",
  "prototype",
  "@type",
  "data",
  "",
  "<script>alert(1)</script>",
];

const hostileString = fc.oneof(
  fc.constantFrom(...ADVERSARIAL_STRINGS),
  fc.string({ maxLength: 80 }),
  fc.string({ unit: "grapheme", maxLength: 40 }),
  fc.string({ unit: "binary", maxLength: 40 }),
  fc.emailAddress(),
  fc.stringMatching(/^[A-Za-z0-9_-]{43}$/),
);

const hostileKey = fc.oneof(fc.constantFrom(...KEYS), fc.string({ maxLength: 30 }));

/** JSON text of arrays or objects nested `depth` levels deep around a leaf (no recursion). */
function nestedJson(depth: number, leaf: string, asObject: boolean): RawJson {
  const [open, close] = asObject ? ['{"a":', "}"] : ["[", "]"];
  return new RawJson(`${open.repeat(depth)}${JSON.stringify(leaf)}${close.repeat(depth)}`);
}

const deepValue = fc
  .tuple(fc.integer({ min: 16, max: 2000 }), hostileString, fc.boolean())
  .map(([depth, leaf, asObject]) => nestedJson(depth, leaf, asObject));

const { value: hostileValue } = fc.letrec((tie) => ({
  value: fc.oneof(
    { depthSize: "small", withCrossShrink: true },
    hostileString,
    fc.integer(),
    fc.double(),
    fc.boolean(),
    fc.constant(null),
    fc.array(tie("value"), { maxLength: 4 }),
    fc.array(fc.tuple(hostileKey, tie("value")), { maxLength: 4 }).map(toObjectEntries),
  ),
}));

/** Object entries kept as pairs so keys like `__proto__` stay own properties in the JSON text. */
class ObjectEntries {
  constructor(readonly entries: Array<[string, unknown]>) {}
}
function toObjectEntries(entries: Array<[string, unknown]>): ObjectEntries {
  return new ObjectEntries(entries);
}

/** JSON text produced directly (deep nesting that a recursive serializer would choke on). */
class RawJson {
  constructor(readonly text: string) {}
}

/** JSON text for values holding `ObjectEntries` (duplicate and `__proto__` keys intact). */
function toJson(value: unknown): string {
  if (value instanceof RawJson) return value.text;
  if (value instanceof ObjectEntries) {
    return `{${value.entries.map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`).join(",")}}`;
  }
  if (Array.isArray(value)) return `[${value.map(toJson).join(",")}]`;
  if (value !== null && typeof value === "object") {
    const entries = Object.entries(value).map(([k, v]) => `${JSON.stringify(k)}:${toJson(v)}`);
    return `{${entries.join(",")}}`;
  }
  return JSON.stringify(value) ?? "null";
}

const anyValue = fc.oneof(
  { weight: 5, arbitrary: hostileValue },
  { weight: 1, arbitrary: deepValue },
);

type Endpoint = "request" | "verify" | "complete";

const PLAUSIBLE: Record<string, fc.Arbitrary<unknown>> = {
  email: fc.oneof(fc.emailAddress(), fc.constantFrom("alice@example.com", "bob@example.com")),
  productId: fc.constantFrom(
    DEMO_PRODUCT_ID,
    "67890",
    "acme-lamp-12345",
    "other-widget-67890",
    "99999",
  ),
  locale: fc.constantFrom("en", "de-DE", "fr", "xx"),
  token: fc.stringMatching(/^[A-Za-z0-9_-]{43}$/),
  password: fc.string({ minLength: 8, maxLength: 40 }),
};

const FIELDS: Record<Endpoint, string[]> = {
  request: ["email", "productId", "locale"],
  verify: ["token"],
  complete: ["token", "password"],
};

const SCHEMAS = { request: requestBody, verify: verifyBody, complete: completeBody };

/** Would the endpoint accept this parsed body (and so legitimately do work)? */
function isValidBody(endpoint: Endpoint, body: unknown): boolean {
  const parsed = SCHEMAS[endpoint].safeParse(body);
  if (!parsed.success) return false;
  if (endpoint !== "request") return true;
  const { productId } = parsed.data as { productId?: string };
  return findProduct(SERVED, productId) !== null;
}

/** A JSON object body: each known field absent, plausible or hostile, plus hostile extras. */
function objectBody(endpoint: Endpoint): fc.Arbitrary<string> {
  const field = (name: string) =>
    fc.option(fc.oneof(PLAUSIBLE[name], anyValue), { nil: undefined, freq: 4 });
  const known = fc.tuple(...FIELDS[endpoint].map(field));
  const extras = fc.array(fc.tuple(hostileKey, anyValue), { maxLength: 3 });
  return fc
    .tuple(known, extras, fc.boolean())
    .map(([values, extra, extrasFirst]) => {
      const entries: Array<[string, unknown]> = FIELDS[endpoint]
        .map((name, i): [string, unknown] => [name, values[i]])
        .filter(([, value]) => value !== undefined);
      return toJson(
        new ObjectEntries(extrasFirst ? [...extra, ...entries] : [...entries, ...extra]),
      );
    })
    .filter((text) => !isValidBody(endpoint, JSON.parse(text)));
}

/** Anything JSON that is not an object: the API must refuse it as a body. */
const nonObjectBody = fc
  .oneof(
    fc.array(anyValue, { maxLength: 3 }),
    deepValue.filter((raw) => raw.text.startsWith("[")),
  )
  .map(toJson);

// ---------------------------------------------------------------------------------------------
// Assertions

const STACK_TRACE = /\bat .+:\d+:\d+|\bat <anonymous>|node_modules|\/work\/|\.(?:ts|js):\d+|Error:/;

/** Every string inside a JSON text, to check that no input value is echoed back. */
function stringsIn(text: string): string[] {
  const found: string[] = [];
  try {
    JSON.parse(text, (_key, value) => {
      if (typeof value === "string") found.push(value);
      return value;
    });
  } catch {
    found.push(text);
  }
  return found;
}

/** Input values that a careless error message might repeat (keys are named on purpose). */
function echoCandidates(inputText: string): string[] {
  return stringsIn(inputText).filter((s) => s.length >= 8 && !KEYS.includes(s));
}

function describeCase(label: string, input: string, response: ApiResponse): string {
  const shown = input.length > 300 ? `${input.slice(0, 300)}… (${input.length} chars)` : input;
  return `${label} ${shown}\n -> ${response.status} ${response.text.slice(0, 300)}`;
}

/** The API's documented refusal: 4xx, JSON `{error:{code,message}}`, status fitting the code. */
function expectApiRefusal(label: string, input: string, response: ApiResponse): void {
  const what = describeCase(label, input, response);
  if (response.status < 400 || response.status > 499) throw new Error(`not a 4xx: ${what}`);
  expect(response.headers.get("content-type") ?? "").toMatch(/^application\/json/);
  expect(response.headers.get("cache-control")).toBe("no-store");
  const body = response.body as { error?: { code?: string; message?: string } } | null;
  if (!body?.error || Object.keys(body).length !== 1)
    throw new Error(`not the error shape: ${what}`);
  const { code, message } = body.error;
  expect(Object.keys(body.error).sort()).toEqual(["code", "message"]);
  if (!(code! in ERROR_STATUS)) throw new Error(`unknown code: ${what}`);
  expect(ERROR_STATUS[code as ErrorCode]).toBe(response.status);
  expect(typeof message).toBe("string");
  if (STACK_TRACE.test(response.text)) throw new Error(`stack trace in answer: ${what}`);
  for (const value of echoCandidates(input)) {
    if (message!.includes(value)) throw new Error(`input echoed: ${what}`);
  }
}

/**
 * The one answer that is not ours: the Functions runtime's body parser refuses a body it cannot
 * parse (malformed JSON, a top-level JSON primitive, an unknown charset or encoding) with Express'
 * bare error page before our code runs (see README). Still a 4xx, and still no stack trace.
 */
function isRuntimeRefusal(response: ApiResponse): boolean {
  return (
    [400, 415].includes(response.status) &&
    /^<!DOCTYPE html>\s*<html lang="en">\s*<head>\s*<meta charset="utf-8">\s*<title>Error<\/title>\s*<\/head>\s*<body>\s*<pre>(?:Bad Request|Unsupported Media Type)<\/pre>\s*<\/body>\s*<\/html>\s*$/.test(
      response.text,
    )
  );
}

const CALLABLE_STATUS: Record<string, number> = {
  INVALID_ARGUMENT: 400,
  FAILED_PRECONDITION: 400,
  UNAUTHENTICATED: 401,
  PERMISSION_DENIED: 403,
  NOT_FOUND: 404,
  RESOURCE_EXHAUSTED: 429,
};

/** The callable protocol's refusal: 4xx, `{error:{status,message[,details:{code}]}}`. */
function expectCallableRefusal(label: string, input: string, response: ApiResponse): void {
  const what = describeCase(label, input, response);
  if (response.status < 400 || response.status > 499) throw new Error(`not a 4xx: ${what}`);
  const error = (response.body as { error?: Record<string, unknown> } | null)?.error;
  if (!error) throw new Error(`not the callable error shape: ${what}`);
  if (CALLABLE_STATUS[error.status as string] !== response.status) {
    throw new Error(`status does not fit: ${what}`);
  }
  expect(typeof error.message).toBe("string");
  if (error.details !== undefined) {
    const code = (error.details as { code?: string }).code;
    if (!code || !(code in ERROR_STATUS) || code === "internal") {
      throw new Error(`unexpected details: ${what}`);
    }
  }
  if (STACK_TRACE.test(response.text)) throw new Error(`stack trace in answer: ${what}`);
  for (const value of echoCandidates(input)) {
    if ((error.message as string).includes(value)) throw new Error(`input echoed: ${what}`);
  }
}

let sent = 0;
let mark = 0;

/** Nothing happened anywhere: no document, no mail, no upstream call, no task, no crash. */
async function expectNothingChanged(): Promise<void> {
  expect(await firestoreDocuments()).toEqual([]);
  expect(await mails()).toEqual([]);
  expect(await recordedRequests("particle")).toEqual([]);
  expect(await recordedRequests("sendgrid")).toEqual([]);
  const events = functionLogs(mark).map((e) => e.message);
  for (const forbidden of ["reset.requested", "reset.completed", "internal.error"]) {
    expect(events).not.toContain(forbidden);
  }
  expect(events.filter((m) => /^Unhandled error/.test(m))).toEqual([]);
}

async function fuzz<T>(
  cases: number,
  arbitrary: fc.Arbitrary<T>,
  check: (input: T) => Promise<void>,
): Promise<void> {
  const before = sent;
  await fc.assert(
    fc.asyncProperty(
      fc.array(arbitrary, { minLength: CONCURRENCY, maxLength: CONCURRENCY }),
      async (inputs) => {
        await mapConcurrent(inputs, CONCURRENCY, async (input) => {
          sent += 1;
          await check(input);
        });
      },
    ),
    { numRuns: runs(cases), seed: SEED, endOnFailure: false },
  );
  expect(sent - before).toBeGreaterThanOrEqual(Math.floor(cases * SCALE));
  await expectNothingChanged();
}

beforeEach(async () => {
  await resetAll();
  mark = logMark();
});

// ---------------------------------------------------------------------------------------------
// JSON endpoints

describe("hostile input to the JSON API", () => {
  it.each([
    ["request", CASES.request],
    ["verify", CASES.verify],
    ["complete", CASES.complete],
  ] as Array<[Endpoint, number]>)(
    "answers %s with a 4xx in the error shape for %i random and adversarial JSON bodies, and changes nothing",
    async (endpoint, cases) => {
      const body = fc.oneof({ weight: 9, arbitrary: objectBody(endpoint) }, nonObjectBody);
      await fuzz(cases, body, async (text) => {
        const response = await api(endpoint, undefined, { raw: text });
        expectApiRefusal(endpoint, text, response);
      });
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    `answers page-config with its config or a 4xx for ${CASES.pageConfig} hostile query strings, and changes nothing`,
    async () => {
      const query = fc
        .array(
          fc.tuple(
            fc.oneof(
              fc.constantFrom("locale", "productId", "locale[]", "productId[a]", "__proto__"),
              fc.string({ maxLength: 20 }),
            ),
            fc.oneof(hostileString, fc.constant("x".repeat(2000))),
          ),
          { maxLength: 4 },
        )
        .map((pairs) => new URLSearchParams(pairs).toString())
        // Longer URLs are refused by the HTTP servers in front (431/414) before any code runs.
        .filter((search) => search.length <= 6000);
      await fuzz(CASES.pageConfig, query, async (search) => {
        const response = await fetch(`${hostingUrl}/api/password-reset/page-config?${search}`);
        const text = await response.text();
        const result: ApiResponse = {
          status: response.status,
          headers: response.headers,
          text,
          body: JSON.parse(text),
        };
        if (response.status === 200) {
          expect(SERVED.products.has(result.body.productId)).toBe(true);
          expect(result.headers.get("cache-control")).toBe("no-store");
          for (const value of [...new URLSearchParams(search).values()]) {
            if (value.length >= 8)
              expect(text.includes(JSON.stringify(value).slice(1, -1))).toBe(false);
          }
        } else {
          expectApiRefusal("page-config", search, result);
        }
      });
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    `answers ${CASES.transport} bodies in wrong content types, encodings and non-JSON with a 4xx and changes nothing`,
    async () => {
      const contentType = fc.oneof(
        fc.constantFrom(
          "text/plain",
          "text/html",
          "application/x-www-form-urlencoded",
          "multipart/form-data; boundary=xyz",
          "application/xml",
          "application/vnd.api+json",
          "application/json; charset=utf-16",
          "application/json; charset=latin1",
          "application/json; charset=utf-8",
          "application/json",
          "APPLICATION/JSON",
          "*/*",
          "",
        ),
        fc
          .string({ unit: "binary-ascii", maxLength: 40 })
          .map((s) => s.replace(/[^\x20-\x7e]/g, "")),
      );
      const body = fc.oneof(
        fc.string({ maxLength: 200 }),
        fc.constantFrom(
          "{bad",
          '{"email": "alice@example.com"',
          "email=alice@example.com",
          '"alice@example.com"',
          "null",
          "1e999",
          "\u0000\u0001",
          "<xml><email>alice@example.com</email></xml>",
          '{"email":"alice@example.com","email":"x"}',
        ),
        objectBody("request"),
      );
      const encoding = fc.constantFrom(undefined, undefined, "gzip", "deflate", "br", "identity");
      const target = fc.constantFrom<Endpoint>("request", "verify", "complete");
      const input = fc
        .record({ target, contentType, body, encoding })
        .filter(({ target: endpoint, contentType: type, body: text }) => {
          // A well-formed, valid JSON request is not hostile: it would legitimately do work.
          if (!/json/i.test(type)) return true;
          try {
            return !isValidBody(endpoint, JSON.parse(text));
          } catch {
            return true;
          }
        });
      await fuzz(
        CASES.transport,
        input,
        async ({ target: endpoint, contentType: type, body: text, encoding: enc }) => {
          const response = await send(`${hostingUrl}/api/password-reset/${endpoint}`, {
            method: "POST",
            headers: { "content-type": type, ...(enc ? { "content-encoding": enc } : {}) },
            body: text,
          });
          if (isRuntimeRefusal(response)) return;
          expectApiRefusal(`${endpoint} [${type}] [${enc ?? ""}]`, text, response);
        },
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it(
    `answers ${CASES.routing} wrong methods and unknown paths with 405 or 404 in the error shape`,
    async () => {
      const wrongMethod = fc.oneof(
        fc.record({
          path: fc.constantFrom("request", "verify", "complete"),
          method: fc.constantFrom("GET", "HEAD", "PUT", "PATCH", "DELETE", "PROPFIND", "PURGE"),
        }),
        fc.record({
          path: fc.constant("page-config"),
          method: fc.constantFrom("POST", "HEAD", "PUT", "PATCH", "DELETE"),
        }),
      );
      const unknownPath = fc
        .array(fc.oneof(fc.string({ maxLength: 12 }), fc.constantFrom("request", "%00", "api")), {
          minLength: 1,
          maxLength: 3,
        })
        // "." and ".." are resolved by the URL parser before sending: not a path we can send.
        .filter((segments) => segments.every((s) => s !== "." && s !== ".."))
        .map((segments) => segments.map((s) => encodeURIComponent(s)).join("/"))
        .filter((path) => !/^(?:request|verify|complete|page-config)\/*$/.test(path))
        .map((path) => ({ path, method: "POST" }));
      const input = fc.oneof(wrongMethod, unknownPath);
      await fuzz(CASES.routing, input, async ({ path, method }) => {
        const response = await send(`${hostingUrl}/api/password-reset/${path}`, {
          method,
          headers: { "content-type": "application/json" },
          body: method === "GET" || method === "HEAD" ? undefined : '{"email":"x"}',
        });
        const known = ["request", "verify", "complete", "page-config"].includes(path);
        if (known) {
          expect({ path, method, status: response.status }).toEqual({ path, method, status: 405 });
          expect(response.headers.get("allow")).toBe(path === "page-config" ? "GET" : "POST");
          if (method !== "HEAD") expectApiRefusal(`${method} ${path}`, "", response);
        } else if (/^text\/html/.test(response.headers.get("content-type") ?? "")) {
          // Paths the `/api/**` rewrite does not match (e.g. a segment starting with ".") never
          // reach the function: Hosting answers with the static 404 page.
          expect({ path, status: response.status }).toEqual({ path, status: 404 });
          expect(response.text).toBe(NOT_FOUND_PAGE);
        } else {
          expect({ path, status: response.status }).toEqual({ path, status: 404 });
          expectApiRefusal(`POST ${path}`, "", response);
        }
      });
    },
    FUZZ_TIMEOUT_MS,
  );

  it("refuses bodies over 1 MB, and far over, with 413 payload_too_large", async () => {
    for (const endpoint of ["request", "verify", "complete"]) {
      for (const size of [16 * 1024 + 1, 1_500_000, 12_000_000]) {
        const text = JSON.stringify({ email: "a".repeat(size) });
        const response = await api(endpoint, undefined, { raw: text });
        expect({ endpoint, size, status: response.status }).toEqual({
          endpoint,
          size,
          status: 413,
        });
        expect(response.body).toEqual({
          error: { code: "payload_too_large", message: API.payloadTooLarge },
        });
      }
    }
    await expectNothingChanged();
  });

  it("refuses deeply nested bodies with a 4xx in the error shape", async () => {
    for (const endpoint of ["request", "verify", "complete"] as Endpoint[]) {
      for (const depth of [64, 5000]) {
        for (const asObject of [false, true]) {
          const leaf = nestedJson(depth, "alice@example.com", asObject);
          const text = toJson(endpoint === "request" ? { email: leaf } : { token: leaf });
          expectApiRefusal(
            `${endpoint} depth ${depth}`,
            "",
            await api(endpoint, undefined, { raw: text }),
          );
        }
      }
    }
    await expectNothingChanged();
  });
});

// ---------------------------------------------------------------------------------------------
// The callable

describe("hostile input to the callable requestPasswordReset", () => {
  it(
    `answers ${CASES.callable} random and adversarial payloads with a 4xx callable error, and changes nothing`,
    async () => {
      const data = fc
        .oneof(
          { weight: 6, arbitrary: objectBody("request") },
          { weight: 3, arbitrary: anyValue.map(toJson) },
          {
            weight: 1,
            arbitrary: fc
              .tuple(fc.integer({ min: 2000, max: 20_000 }), fc.boolean())
              .map(([depth, asObject]) =>
                toJson({ email: nestedJson(depth, "alice@example.com", asObject) }),
              ),
          },
          {
            weight: 1,
            arbitrary: fc
              .tuple(
                fc.constantFrom("type.googleapis.com/google.protobuf.Int64Value", "x", ""),
                hostileValue,
              )
              .map(([type, value]) =>
                toJson({ email: "carol@example.com", inner: { "@type": type, value } }),
              ),
          },
        )
        .filter((text) => !isValidBody("request", JSON.parse(text)));
      const authorization = fc.constantFrom(
        undefined,
        undefined,
        "Bearer not-a-token",
        "Bearer a.b.c",
        "Bearer eyJhbGciOiJub25lIn0.eyJ1aWQiOiJhZG1pbiJ9.",
        "Basic YWRtaW46YWRtaW4=",
      );
      const input = fc.record({ data, viaHosting: fc.boolean(), authorization });
      await fuzz(
        CASES.callable,
        input,
        async ({ data: payload, viaHosting, authorization: auth }) => {
          const text = `{"data":${payload}}`;
          const response = await callCallable(undefined, {
            raw: text,
            viaHosting,
            headers: auth ? { authorization: auth } : {},
          });
          expectCallableRefusal(`callable${viaHosting ? " via Hosting" : ""}`, text, response);
        },
      );
    },
    FUZZ_TIMEOUT_MS,
  );

  it("refuses protocol abuse: wrong method, content type, envelope and non-JSON", async () => {
    const cases: Array<[string, Parameters<typeof callCallable>[1]]> = [
      ["GET", { method: "GET" }],
      ["PUT", { method: "PUT" }],
      ["text/plain", { contentType: "text/plain", raw: '{"data":{"email":"x"}}' }],
      ["form", { contentType: "application/x-www-form-urlencoded", raw: "data=x" }],
      ["no data", { raw: '{"email":"carol@example.com"}' }],
      ["extra top-level field", { raw: '{"data":{"email":"x"},"admin":true}' }],
      ["array envelope", { raw: '[{"data":{"email":"x"}}]' }],
      ["@type data", { raw: '{"data":{"@type":"x","email":"carol@example.com"}}' }],
      ["__proto__ email", { raw: '{"data":{"__proto__":{"email":"carol@example.com"}}}' }],
      ["__proto__ extra", { raw: '{"data":{"email":"carol@example.com","__proto__":false}}' }],
      [
        "bad Int64Value",
        { raw: '{"data":{"@type":"type.googleapis.com/google.protobuf.Int64Value","value":"zz"}}' },
      ],
      ["deep arrays", { raw: `{"data":{"email":${"[".repeat(50_000)}${"]".repeat(50_000)}}}` }],
      ["deep objects", { raw: `{"data":${'{"a":'.repeat(50_000)}1${"}".repeat(50_000)}}` }],
      ["1.5 MB", { raw: JSON.stringify({ data: { email: "a".repeat(1_500_000) } }) }],
      ["12 MB", { raw: JSON.stringify({ data: { email: "a".repeat(12_000_000) } }) }],
    ];
    for (const [label, options] of cases) {
      for (const viaHosting of [false, true]) {
        const response = await callCallable(undefined, { ...options, viaHosting });
        expectCallableRefusal(label, "", response);
      }
    }
    for (const raw of ["{bad", "null", '"x"']) {
      const response = await callCallable(undefined, { raw });
      expect(isRuntimeRefusal(response) || response.status === 400).toBe(true);
      expect(response.text).not.toMatch(STACK_TRACE);
    }
    await expectNothingChanged();
    // The SDK would log a refused envelope's body; a customer email must never reach the logs.
    expect(JSON.stringify(functionLogs(mark))).not.toContain("carol@example.com");
  });
});

describe.each([
  ["verifyPasswordReset", "verify"],
  ["completePasswordReset", "complete"],
] as const)("hostile input to the callable %s", (name, endpoint) => {
  it(
    `answers ${CASES.twinCallable} random and adversarial payloads with a 4xx callable error, and changes nothing`,
    async () => {
      const data = fc
        .oneof(
          { weight: 6, arbitrary: objectBody(endpoint) },
          { weight: 3, arbitrary: anyValue.map(toJson) },
          {
            weight: 1,
            arbitrary: hostileValue.map((value) =>
              toJson({ token: "A".repeat(43), inner: { "@type": "x", value } }),
            ),
          },
        )
        .filter((text) => !isValidBody(endpoint, JSON.parse(text)));
      const input = fc.record({ data, viaHosting: fc.boolean() });
      await fuzz(CASES.twinCallable, input, async ({ data: payload, viaHosting }) => {
        const text = `{"data":${payload}}`;
        const response = await callCallable(undefined, { raw: text, viaHosting, name });
        expectCallableRefusal(`${name}${viaHosting ? " via Hosting" : ""}`, text, response);
      });
    },
    FUZZ_TIMEOUT_MS,
  );
});

describe("header injection in email fields", () => {
  it("refuses CR/LF header injection in the email on both entry points; a trailing CRLF is trimmed and mails one recipient, no extra headers", async () => {
    const injected = [
      "alice@example.com\r\nBcc: attacker@evil.example",
      "alice@example.com\nbcc:attacker@evil.example",
      "alice@example.com\rCc: attacker@evil.example",
      "alice@example.com%0D%0ABcc:attacker@evil.example",
      "alice@example.com\r\nContent-Type: text/html\r\n\r\n<h1>phish</h1>",
      "Alice <alice@example.com>\r\nCc: attacker@evil.example",
      "alice@example.com\u2028Bcc: attacker@evil.example",
    ];
    for (const email of injected) {
      expect((await api("request", { email })).body).toEqual({
        error: { code: "invalid_argument", message: "email must be a valid email address" },
      });
      const viaCallable = await callCallable({ email });
      expect(viaCallable.status).toBe(400);
      expect(viaCallable.body.error.details).toEqual({ code: "invalid_argument" });
    }
    await expectNothingChanged();

    const sentMark = logMark();
    expect((await requestReset("alice@example.com\r\n")).status).toBe(200);
    await waitForLog(sentMark, "reset.mail_sent");
    const all = await mails();
    expect(all).toHaveLength(1);
    const payload = all[0].payload as { personalizations: Array<Record<string, unknown>> };
    expect(payload.personalizations).toHaveLength(1);
    expect(payload.personalizations[0].to).toEqual([{ email: "alice@example.com" }]);
    expect(
      Object.keys(payload.personalizations[0]).filter((k) => /cc|bcc|headers/.test(k)),
    ).toEqual([]);
    expect(Object.keys(payload)).not.toContain("headers");
    expect(JSON.stringify(payload)).not.toContain("attacker@evil.example");
  });
});

/** fetch with full control of method, headers and body. */
async function send(url: string, init: RequestInit): Promise<ApiResponse> {
  return readResponse(await fetch(url, init));
}
