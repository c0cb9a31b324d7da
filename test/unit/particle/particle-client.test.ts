/** The Particle client against the local stand-in: error mapping, and when it retries. */
import { createServer, type AddressInfo } from "node:net";
import { controlClient, type ControlClient, type Fault } from "../../../dev/control-client";
import type { RunningServer } from "../../../dev/stand-in";
import { startParticleApi } from "../../../dev/particle-api";
import {
  createParticleClient,
  ParticleError,
} from "../../../functions/src/particle/particle-client";

let api: RunningServer;
let control: ControlClient;

beforeAll(async () => {
  api = await startParticleApi({ port: 0 });
  control = controlClient(api.url);
});
afterAll(() => api.close());
beforeEach(() => control.reset());

const fault = (spec: Fault) => control.injectFault(spec);
const requestCount = async () => (await control.requests()).length;

function client(token = "demo-particle-access-token") {
  return createParticleClient({
    apiUrl: api.url,
    accessToken: token,
    retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 1500 },
  });
}

async function failure(work: Promise<unknown>): Promise<ParticleError> {
  const error = await work.then(
    () => new Error("expected a ParticleError"),
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ParticleError);
  return error as ParticleError;
}

const setPassword = (token?: string) =>
  client(token).setCustomerPassword("12345", "alice@example.com", "a-long-new-password");

describe("ParticleError from Particle's answers", () => {
  // https://docs.particle.io/reference/cloud-apis/api/ "Errors - API users"
  it("reads an API user's missing permission (400 unauthorized) as a configuration error", async () => {
    const error = await failure(setPassword("demo-token-no-update"));
    expect(error).toMatchObject({
      status: 400,
      upstreamCode: "unauthorized",
      upstreamError: "unauthorized: API user is missing the required scope: customers:update",
      retryAfterMs: null,
    });
    expect(error.isConfigurationError).toBe(true);
    expect(error.retryable).toBe(false);
    expect(await requestCount()).toBe(1);
  });

  it("reads 400 unauthorized in the {ok:false, error} shape the same way", async () => {
    await fault({ method: "PUT", status: 400, body: { ok: false, error: "Unauthorized" } });
    const error = await failure(setPassword());
    expect(error.upstreamCode).toBe("Unauthorized");
    expect(error.isConfigurationError).toBe(true);
  });

  it("keeps any other 400 a refusal of the request, not a configuration error", async () => {
    const error = await failure(
      client().setCustomerPassword("12345", "alice@example.com", "short"),
    );
    expect(error).toMatchObject({
      status: 400,
      upstreamCode: "Password must be at least 8 characters long.",
    });
    expect(error.isConfigurationError).toBe(false);
  });

  it.each([
    [401, "invalid_token"],
    [403, "Forbidden"],
  ])("treats %i as a configuration error", async (status) => {
    await fault({ method: "PUT", status });
    expect((await failure(setPassword())).isConfigurationError).toBe(true);
  });
});

// https://docs.particle.io/reference/cloud-apis/api/ "API rate limits": no Retry-After is
// documented, and an immediate retry will not help.
describe("429", () => {
  it("is not retried without Retry-After, and says so", async () => {
    await fault({ method: "PUT", status: 429 });
    const error = await failure(setPassword());
    expect(error).toMatchObject({ status: 429, retryAfterMs: null });
    expect(error.rateLimited).toBe(true);
    expect(error.isConfigurationError).toBe(false);
    expect(await requestCount()).toBe(1);
  });

  it("is retried after a Retry-After within the client's cap", async () => {
    await fault({ method: "PUT", status: 429, retryAfter: 1, times: 1 });
    const started = Date.now();
    await setPassword();
    expect(Date.now() - started).toBeGreaterThanOrEqual(900);
    expect(await requestCount()).toBe(2);
  });

  it("is not retried when Retry-After is beyond the cap, and carries it uncapped", async () => {
    await fault({ method: "PUT", status: 429, retryAfter: 120 });
    const error = await failure(setPassword());
    expect(error).toMatchObject({ status: 429, retryAfterMs: 120_000 });
    expect(await requestCount()).toBe(1);
  });

  it("leaves 5xx retried with backoff as before", async () => {
    await fault({ method: "PUT", status: 503, times: 2 });
    await setPassword();
    expect(await requestCount()).toBe(3);
  });
});

describe("an outcome that may have taken effect at Particle (outcomeUnknown)", () => {
  const slowClient = () =>
    createParticleClient({
      apiUrl: api.url,
      accessToken: "demo-particle-access-token",
      timeoutMs: 200,
      retry: { maxAttempts: 3, baseDelayMs: 10, maxDelayMs: 50 },
    });

  it.each<[string, Fault]>([
    ["a 5xx on every attempt", { method: "PUT", status: 503 }],
    ["a dropped connection on every attempt", { method: "PUT", drop: true }],
  ])("is flagged after %s", async (_, spec) => {
    await fault(spec);
    expect((await failure(setPassword())).outcomeUnknown).toBe(true);
  });

  it("is flagged after a timeout, when the request was sent (and here really applied)", async () => {
    await fault({ method: "PUT", delayMs: 400 });
    const error = await failure(
      slowClient().setCustomerPassword("12345", "alice@example.com", "a-long-new-password"),
    );
    expect(error).toMatchObject({ status: 0, upstreamError: "timeout", outcomeUnknown: true });
  });

  it("stays flagged when a later attempt of the same call is refused clearly", async () => {
    await fault({ method: "PUT", status: 502, times: 1 });
    await fault({ method: "PUT", status: 429 });
    const error = await failure(setPassword());
    expect(error).toMatchObject({ status: 429, outcomeUnknown: true });
  });

  it.each<[string, Fault]>([
    ["a 429", { method: "PUT", status: 429 }],
    ["a 400", { method: "PUT", status: 400, body: { error: "invalid password" } }],
    ["a 401", { method: "PUT", status: 401 }],
  ])("is not flagged after %s, a clear refusal", async (_, spec) => {
    await fault(spec);
    expect((await failure(setPassword())).outcomeUnknown).toBe(false);
  });

  it("is not flagged when the connection is refused: nothing was sent", async () => {
    // A port that was free a moment ago: connecting to it is refused.
    const probe = createServer();
    await new Promise<void>((resolve) => probe.listen(0, "127.0.0.1", resolve));
    const { port } = probe.address() as AddressInfo;
    await new Promise<void>((resolve) => probe.close(() => resolve()));
    const closed = createParticleClient({
      apiUrl: `http://127.0.0.1:${port}`,
      accessToken: "demo-particle-access-token",
      retry: { maxAttempts: 2, baseDelayMs: 10, maxDelayMs: 50 },
    });
    const error = await failure(
      closed.setCustomerPassword("12345", "alice@example.com", "a-long-new-password"),
    );
    expect(error).toMatchObject({
      status: 0,
      upstreamError: "network error",
      outcomeUnknown: false,
    });
  });
});

describe("listCustomerEmails", () => {
  it("reads the documented shape", async () => {
    expect(await client().listCustomerEmails("12345", 1, 2)).toEqual({
      emails: ["alice@example.com", "bob@example.com"],
      totalPages: 32,
    });
  });

  it.each([
    ["customers is not a list", { meta: { total_pages: 1 } }],
    ["a customer has no username", { customers: [{ email: "a@b.c" }], meta: { total_pages: 1 } }],
    ["meta.total_pages is missing", { customers: [] }],
    ["meta.total_pages is missing", { customers: [], meta: { total_pages: null } }],
  ])("refuses another shape: %s", async (what, body) => {
    await fault({ method: "GET", status: 200, body });
    const error = await failure(client().listCustomerEmails("12345", 1, 100));
    expect(error).toMatchObject({
      status: 200,
      upstreamCode: "unexpected_response",
      upstreamError: `unexpected response: ${what}`,
    });
    // Retrying can't help: the mail task stops at once and logs particle.config_error.
    expect(error.retryable).toBe(false);
    expect(error.isConfigurationError).toBe(true);
  });
});
