/** Contract tests for the local Particle Cloud API stand-in, over real HTTP. */
import { startParticleApi } from "../../dev/particle-api";
import type { RunningServer } from "../../dev/stand-in";

const PRODUCT = 12345;
const OTHER_PRODUCT = 67890;
const TOKEN = "demo-particle-access-token";
const FULL_TOKEN = "demo-full-user-token";
const ACME_CLIENT = { id: "acme-lamp-app", secret: "demo-client-secret" };
const OTHER_CLIENT = { id: "other-widget-app", secret: "other-client-secret" };

const INVALID_TOKEN = {
  error: "invalid_token",
  error_description: "The access token provided is invalid.",
};
const INVALID_GRANT = { error: "invalid_grant", error_description: "User credentials are invalid" };
const INVALID_CLIENT = {
  error: "invalid_client",
  error_description:
    "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.",
};

let api: RunningServer;

interface CallOptions {
  token?: string;
  json?: unknown;
  form?: Record<string, string>;
  headers?: Record<string, string>;
}

interface CallResult {
  status: number;
  headers: Headers;
  body: unknown;
}

async function call(method: string, path: string, options: CallOptions = {}): Promise<CallResult> {
  const headers: Record<string, string> = { ...options.headers };
  if (options.token) headers.authorization = `Bearer ${options.token}`;
  let body: string | undefined;
  if (options.json !== undefined) {
    headers["content-type"] = "application/json";
    body = JSON.stringify(options.json);
  } else if (options.form) {
    headers["content-type"] = "application/x-www-form-urlencoded";
    body = new URLSearchParams(options.form).toString();
  }
  const response = await fetch(api.url + path, { method, headers, body });
  const text = await response.text();
  return {
    status: response.status,
    headers: response.headers,
    body: text ? JSON.parse(text) : null,
  };
}

function basic(client: { id: string; secret: string }): Record<string, string> {
  return {
    authorization: `Basic ${Buffer.from(`${client.id}:${client.secret}`).toString("base64")}`,
  };
}

function login(client: { id: string; secret: string }, username: string, password: string) {
  return call("POST", "/oauth/token", {
    headers: basic(client),
    form: { grant_type: "password", username, password },
  });
}

function customerPath(email: string, product: number | string = PRODUCT): string {
  return `/v1/products/${product}/customers/${encodeURIComponent(email)}`;
}

function setPassword(email: string, password: string, token = TOKEN, product: number = PRODUCT) {
  return call("PUT", customerPath(email, product), { token, json: { password } });
}

const control = {
  addFault: (fault: Record<string, unknown>) => call("POST", "/__control/faults", { json: fault }),
  requests: async () =>
    (
      (await call("GET", "/__control/requests")).body as {
        requests: Array<Record<string, unknown>>;
      }
    ).requests,
  reset: () => call("POST", "/__control/reset"),
};

beforeAll(async () => {
  api = await startParticleApi({ port: 0 });
});

afterAll(() => api.close());

beforeEach(async () => {
  expect((await control.reset()).status).toBe(200);
});

describe("authentication", () => {
  it("answers 401 invalid_token without a token", async () => {
    const res = await call("GET", `/v1/products/${PRODUCT}`);
    expect(res).toMatchObject({ status: 401, body: INVALID_TOKEN });
  });

  it("answers 401 invalid_token for an unknown token", async () => {
    const res = await call("GET", `/v1/products/${PRODUCT}`, { token: "not-a-real-token" });
    expect(res).toMatchObject({ status: 401, body: INVALID_TOKEN });
  });

  it("answers 401 for a non-Bearer authorization header", async () => {
    const res = await call("GET", `/v1/products/${PRODUCT}`, {
      headers: { authorization: `Token ${TOKEN}` },
    });
    expect(res).toMatchObject({ status: 401, body: INVALID_TOKEN });
  });

  it("accepts Authorization: Bearer", async () => {
    const res = await call("GET", `/v1/products/${PRODUCT}`, { token: TOKEN });
    expect(res.status).toBe(200);
  });

  it("still accepts the deprecated access_token query parameter, and records it", async () => {
    const res = await call("GET", `/v1/products/${PRODUCT}?access_token=${TOKEN}`);
    expect(res.status).toBe(200);
    const [recorded] = await control.requests();
    expect(recorded.query).toEqual({ access_token: TOKEN });
    expect((recorded.headers as Record<string, string>).authorization).toBeUndefined();
  });

  it("still accepts access_token in a form body, and records it", async () => {
    const res = await call("PUT", customerPath("bob@example.com"), {
      form: { password: "a-brand-new-password", access_token: TOKEN },
    });
    expect(res).toMatchObject({ status: 200, body: { ok: true } });
    const [recorded] = await control.requests();
    expect(recorded.body).toEqual({ password: "a-brand-new-password", access_token: TOKEN });
  });

  it("refuses customer tokens on product endpoints with 403", async () => {
    const session = await login(ACME_CLIENT, "alice@example.com", "correct-horse-battery");
    const { access_token } = session.body as { access_token: string };
    const res = await call("GET", `/v1/products/${PRODUCT}`, { token: access_token });
    expect(res).toMatchObject({
      status: 403,
      body: {
        ok: false,
        error: "Forbidden",
        error_description: "Customer access tokens cannot be used on product endpoints.",
      },
    });
  });
});

describe("authorization", () => {
  it("gives 403 when the token has no access to the product", async () => {
    const res = await call("GET", `/v1/products/${OTHER_PRODUCT}`, { token: TOKEN });
    expect(res.status).toBe(403);
    expect(res.body).toEqual({
      ok: false,
      error: "Forbidden",
      error_description: "You do not have access to product 67890.",
    });
    const put = await setPassword("dave@example.com", "long-enough-password", TOKEN, OTHER_PRODUCT);
    expect(put.status).toBe(403);
  });

  it("scopes a full token to its own products", async () => {
    const res = await call("GET", `/v1/products/${PRODUCT}`, { token: "demo-token-other-product" });
    expect(res.status).toBe(403);
    const own = await call("GET", `/v1/products/${OTHER_PRODUCT}`, {
      token: "demo-token-other-product",
    });
    expect(own.status).toBe(200);
  });

  // https://docs.particle.io/reference/cloud-apis/api/ "Errors - API users": a standard 400.
  it("gives an API user without customers:update 400 unauthorized, not 403", async () => {
    const res = await setPassword(
      "alice@example.com",
      "long-enough-password",
      "demo-token-no-update",
    );
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: "unauthorized",
      error_description: "API user is missing the required scope: customers:update",
    });
    expect((await login(ACME_CLIENT, "alice@example.com", "correct-horse-battery")).status).toBe(
      200,
    );
    const list = await call("GET", `/v1/products/${PRODUCT}/customers`, {
      token: "demo-token-no-update",
    });
    expect(list.status).toBe(200);
  });

  it("gives an API user without customers:list the same 400 on the customer list", async () => {
    const list = await call("GET", `/v1/products/${PRODUCT}/customers`, {
      token: "demo-token-no-list",
    });
    expect(list).toMatchObject({
      status: 400,
      body: {
        error: "unauthorized",
        error_description: "API user is missing the required scope: customers:list",
      },
    });
  });

  it("lets the least-privilege API user list and update, but not read the product", async () => {
    const least = "demo-token-least-privilege";
    const product = await call("GET", `/v1/products/${PRODUCT}`, { token: least });
    expect(product).toMatchObject({
      status: 400,
      body: {
        error: "unauthorized",
        error_description: "API user is missing the required scope: products:get",
      },
    });
    const list = await call("GET", `/v1/products/${PRODUCT}/customers`, { token: least });
    expect(list.status).toBe(200);
    expect((await setPassword("alice@example.com", "long-enough-password", least)).status).toBe(
      200,
    );
  });

  it("lets a full user token (no scopes) do everything on its products", async () => {
    expect(
      (await setPassword("dave@example.com", "long-enough-pw", FULL_TOKEN, OTHER_PRODUCT)).status,
    ).toBe(200);
    expect((await setPassword("alice@example.com", "long-enough-pw", FULL_TOKEN)).status).toBe(200);
  });
});

describe("GET /v1/products/:idOrSlug", () => {
  const expected = {
    product: expect.objectContaining({
      id: PRODUCT,
      slug: "acme-lamp-12345",
      name: "Acme Smart Lamp",
      platform_id: 32,
      organization: "acme-devices",
      description: expect.any(String),
    }),
  };

  it("finds the product by numeric id", async () => {
    const res = await call("GET", `/v1/products/${PRODUCT}`, { token: TOKEN });
    expect(res).toMatchObject({ status: 200, body: expected });
  });

  it("finds the product by slug", async () => {
    const res = await call("GET", "/v1/products/acme-lamp-12345", { token: TOKEN });
    expect(res).toMatchObject({ status: 200, body: expected });
  });

  it("answers 404 Product not found for an unknown product", async () => {
    for (const product of ["99999", "no-such-product"]) {
      const res = await call("GET", `/v1/products/${product}`, { token: FULL_TOKEN });
      expect(res).toMatchObject({ status: 404, body: { ok: false, error: "Product not found" } });
    }
  });

  it("does not leak OAuth clients or customers", async () => {
    const res = await call("GET", `/v1/products/${PRODUCT}`, { token: TOKEN });
    const text = JSON.stringify(res.body);
    expect(text).not.toContain("demo-client-secret");
    expect(text).not.toContain("correct-horse-battery");
  });
});

describe("GET /v1/products/:id/customers", () => {
  type Listing = {
    customers: Array<{ id: string; username: string; devices: unknown[] }>;
    meta: { total_pages: number };
  };
  const list = async (query: string) =>
    (await call("GET", `/v1/products/${PRODUCT}/customers${query}`, {
      token: TOKEN,
    })) as CallResult & {
      body: Listing;
    };

  it("paginates 63 customers into 3 pages of 25 by default", async () => {
    const pages = await Promise.all([list(""), list("?page=2"), list("?page=3&per_page=25")]);
    expect(pages.map((page) => page.body.customers.length)).toEqual([25, 25, 13]);
    expect(pages.map((page) => page.body.meta.total_pages)).toEqual([3, 3, 3]);
    const usernames = pages.flatMap((page) => page.body.customers.map((c) => c.username));
    expect(new Set(usernames).size).toBe(63);
    expect(usernames.slice(0, 4)).toEqual([
      "alice@example.com",
      "bob@example.com",
      "carol@example.com",
      "customer001@example.com",
    ]);
    expect(usernames.at(-1)).toBe("customer060@example.com");
  });

  it("honours per_page and caps it at 100", async () => {
    expect((await list("?per_page=10")).body.meta.total_pages).toBe(7);
    const capped = await list("?per_page=500");
    expect(capped.body.meta.total_pages).toBe(1);
    expect(capped.body.customers).toHaveLength(63);
    expect((await list("?page=4")).body.customers).toEqual([]);
  });

  it("returns Particle's customer shape and never the password", async () => {
    const { body } = await list("?per_page=1");
    expect(body.customers).toEqual([
      { id: expect.stringMatching(/^[0-9a-f]{24}$/), username: "alice@example.com", devices: [] },
    ]);
  });

  it("only lists the product's own customers", async () => {
    const res = await call("GET", `/v1/products/${OTHER_PRODUCT}/customers`, { token: FULL_TOKEN });
    const usernames = (res.body as Listing).customers.map((c) => c.username);
    expect(usernames).toEqual(["dave@example.com", "alice@example.com"]);
  });
});

describe("PUT /v1/products/:id/customers/:email", () => {
  it("changes the password: the old one stops working, the new one logs in", async () => {
    const res = await setPassword("alice@example.com", "brand-new-password-1");
    expect(res).toMatchObject({ status: 200, body: { ok: true } });

    const old = await login(ACME_CLIENT, "alice@example.com", "correct-horse-battery");
    expect(old).toMatchObject({ status: 400, body: INVALID_GRANT });
    const fresh = await login(ACME_CLIENT, "alice@example.com", "brand-new-password-1");
    expect(fresh.status).toBe(200);
    expect(fresh.body).toEqual({
      token_type: "bearer",
      access_token: expect.stringMatching(/^[0-9a-f]{40}$/),
      expires_in: 7776000,
      refresh_token: expect.stringMatching(/^[0-9a-f]{40}$/),
    });
  });

  it("accepts a form-encoded body and the product slug", async () => {
    const res = await call("PUT", customerPath("bob@example.com", "acme-lamp-12345"), {
      token: TOKEN,
      form: { password: "form-encoded-password" },
    });
    expect(res.status).toBe(200);
    expect((await login(ACME_CLIENT, "bob@example.com", "form-encoded-password")).status).toBe(200);
  });

  it("treats the email case-insensitively", async () => {
    expect((await setPassword("Carol@Example.COM", "upper-case-path")).status).toBe(200);
    expect((await login(ACME_CLIENT, "carol@example.com", "upper-case-path")).status).toBe(200);
  });

  it("answers 404 Customer not found for an unknown customer", async () => {
    const res = await setPassword("nobody@example.com", "long-enough-password");
    expect(res.status).toBe(404);
    expect(res.body).toEqual({ ok: false, error: "Customer not found" });
  });

  it("answers 400 when the password is missing", async () => {
    const res = await call("PUT", customerPath("alice@example.com"), { token: TOKEN, json: {} });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ ok: false, error: "password is required" });
  });

  it("answers 400 for a password shorter than 8 characters", async () => {
    const res = await setPassword("alice@example.com", "short");
    expect(res.status).toBe(400);
    expect(res.body).toEqual({ ok: false, error: "Password must be at least 8 characters long." });
    expect((await login(ACME_CLIENT, "alice@example.com", "correct-horse-battery")).status).toBe(
      200,
    );
  });

  it("round-trips an email with + and other special characters through the path", async () => {
    const email = "o'neil+reset/test%41&co=1@example.com";
    const created = await call("POST", `/v1/products/${PRODUCT}/customers`, {
      headers: basic(ACME_CLIENT),
      form: { email, password: "first-password" },
    });
    expect(created.status).toBe(200);

    const res = await setPassword(email, "second-password");
    expect(res).toMatchObject({ status: 200, body: { ok: true } });
    expect((await login(ACME_CLIENT, email, "second-password")).status).toBe(200);
    expect((await login(ACME_CLIENT, email, "first-password")).status).toBe(400);

    const put = (await control.requests()).find((r) => r.method === "PUT");
    expect(put?.path).toBe(customerPath(email));
  });

  it("keeps the same email in two products independent", async () => {
    expect((await setPassword("alice@example.com", "changed-in-12345")).status).toBe(200);
    expect((await login(OTHER_CLIENT, "alice@example.com", "alice-other-product")).status).toBe(
      200,
    );
    expect((await login(OTHER_CLIENT, "alice@example.com", "changed-in-12345")).status).toBe(400);
    expect((await login(ACME_CLIENT, "alice@example.com", "changed-in-12345")).status).toBe(200);
    expect((await login(ACME_CLIENT, "alice@example.com", "alice-other-product")).status).toBe(400);
  });
});

describe("POST /v1/products/:id/customers", () => {
  const create = (options: CallOptions) =>
    call("POST", `/v1/products/${PRODUCT}/customers`, options);

  it("signs a customer up with the product's OAuth client", async () => {
    const res = await create({
      headers: basic(ACME_CLIENT),
      json: { email: "New.Person@example.com", password: "signup-password" },
    });
    expect(res.status).toBe(200);
    expect(res.body).toMatchObject({ token_type: "bearer", expires_in: 7776000 });
    expect((await login(ACME_CLIENT, "new.person@example.com", "signup-password")).status).toBe(
      200,
    );
  });

  // Exactly what particle-api-js's createCustomer sends (src/Particle.js, src/Agent.js): a
  // qs-encoded form with grant_type=client_credentials and the client in the body, no
  // Authorization header.
  it("accepts the OAuth client in the form body, as particle-api-js sends it", async () => {
    const response = await fetch(`${api.url}/v1/products/${PRODUCT}/customers`, {
      method: "POST",
      headers: {
        "User-Agent":
          "particle-api-js/11.1.2 (git+https://github.com/particle-iot/particle-api-js.git)",
        "Content-Type": "application/x-www-form-urlencoded",
      },
      body:
        "email=form.signup%40example.com&password=signup-password&grant_type=client_credentials" +
        "&client_id=acme-lamp-app&client_secret=demo-client-secret",
    });
    expect(response.status).toBe(200);
    expect(await response.json()).toMatchObject({ token_type: "bearer", expires_in: 7776000 });
    expect((await login(ACME_CLIENT, "form.signup@example.com", "signup-password")).status).toBe(
      200,
    );
    const [recorded] = await control.requests();
    expect(recorded.headers).not.toHaveProperty("authorization");
  });

  it("refuses a wrong or foreign client in the form body like one in HTTP Basic", async () => {
    const form = (client: { id: string; secret: string }) => ({
      email: "form.other@example.com",
      password: "signup-password",
      grant_type: "client_credentials",
      client_id: client.id,
      client_secret: client.secret,
    });
    expect(await create({ form: form({ id: "acme-lamp-app", secret: "nope" }) })).toMatchObject({
      status: 401,
      body: INVALID_CLIENT,
    });
    expect((await create({ form: form(OTHER_CLIENT) })).status).toBe(403);
  });

  it("refuses another product's client (403) and an unknown client (401)", async () => {
    const body = { email: "x@example.com", password: "signup-password" };
    expect((await create({ headers: basic(OTHER_CLIENT), json: body })).status).toBe(403);
    const unknown = await create({
      headers: basic({ id: "acme-lamp-app", secret: "nope" }),
      json: body,
    });
    expect(unknown).toMatchObject({ status: 401, body: INVALID_CLIENT });
  });

  it("needs customers:create when called with a token", async () => {
    const body = { email: "y@example.com", password: "signup-password" };
    const scoped = await create({ token: TOKEN, json: body });
    expect(scoped).toMatchObject({
      status: 400,
      body: {
        error: "unauthorized",
        error_description: "API user is missing the required scope: customers:create",
      },
    });
    expect((await create({ token: FULL_TOKEN, json: body })).status).toBe(200);
  });

  it("answers 400 for a duplicate or incomplete customer", async () => {
    const duplicate = await create({
      headers: basic(ACME_CLIENT),
      json: { email: "ALICE@example.com", password: "signup-password" },
    });
    expect(duplicate).toMatchObject({
      status: 400,
      body: { ok: false, error: "Customer already exists" },
    });
    const noEmail = await create({
      headers: basic(ACME_CLIENT),
      json: { password: "signup-password" },
    });
    expect(noEmail).toMatchObject({ status: 400, body: { ok: false, error: "email is required" } });
    const noPassword = await create({
      headers: basic(ACME_CLIENT),
      json: { email: "z@example.com" },
    });
    expect(noPassword).toMatchObject({
      status: 400,
      body: { ok: false, error: "password is required" },
    });
  });
});

describe("DELETE /v1/products/:id/customers/:email", () => {
  it("needs customers:remove and removes the customer", async () => {
    const path = customerPath("bob@example.com");
    expect((await call("DELETE", path, { token: TOKEN })).status).toBe(400);
    expect(await call("DELETE", path, { token: FULL_TOKEN })).toMatchObject({
      status: 200,
      body: { ok: true },
    });
    expect((await login(ACME_CLIENT, "bob@example.com", "purple-monkey-dishwasher")).body).toEqual(
      INVALID_GRANT,
    );
    expect((await call("DELETE", path, { token: FULL_TOKEN })).status).toBe(404);
  });
});

describe("POST /oauth/token", () => {
  it("accepts client credentials in a JSON body", async () => {
    const res = await call("POST", "/oauth/token", {
      json: {
        grant_type: "password",
        client_id: ACME_CLIENT.id,
        client_secret: ACME_CLIENT.secret,
        username: "bob@example.com",
        password: "purple-monkey-dishwasher",
      },
    });
    expect(res.status).toBe(200);
  });

  it("answers 400 invalid_grant for an unknown user", async () => {
    const res = await login(ACME_CLIENT, "stranger@example.com", "whatever-password");
    expect(res).toMatchObject({ status: 400, body: INVALID_GRANT });
  });

  it("answers 401 invalid_client for a bad or missing client", async () => {
    const bad = await login({ id: "acme-lamp-app", secret: "wrong" }, "bob@example.com", "x");
    expect(bad.status).toBe(401);
    expect(bad.body).toEqual(INVALID_CLIENT);
    const none = await call("POST", "/oauth/token", {
      form: { grant_type: "password", username: "bob@example.com", password: "x" },
    });
    expect(none).toMatchObject({ status: 401, body: INVALID_CLIENT });
  });

  it("answers 400 unsupported_grant_type for other grants", async () => {
    const res = await call("POST", "/oauth/token", {
      headers: basic(ACME_CLIENT),
      form: { grant_type: "client_credentials" },
    });
    expect(res.status).toBe(400);
    expect(res.body).toEqual({
      error: "unsupported_grant_type",
      error_description: "Unsupported grant type: `grant_type` is invalid",
    });
  });
});

describe("errors", () => {
  it("answers 404 Not Found for unknown routes", async () => {
    const res = await call("GET", "/v1/nothing-here", { token: TOKEN });
    expect(res).toMatchObject({ status: 404, body: { ok: false, error: "Not Found" } });
  });

  it("answers 413 for a body over 1 MB", async () => {
    const res = await call("PUT", customerPath("alice@example.com"), {
      token: TOKEN,
      json: { password: "x".repeat(1024 * 1024 + 10) },
    });
    expect(res).toMatchObject({ status: 413, body: { ok: false, error: "Payload Too Large" } });
    expect((await login(ACME_CLIENT, "alice@example.com", "correct-horse-battery")).status).toBe(
      200,
    );
  });
});

describe("fault injection", () => {
  const getProduct = () => call("GET", `/v1/products/${PRODUCT}`, { token: TOKEN });

  it("applies a 503 once, then answers normally", async () => {
    const added = await control.addFault({ status: 503, times: 1 });
    expect(added).toMatchObject({ status: 201, body: { id: expect.any(String) } });
    expect(await getProduct()).toMatchObject({
      status: 503,
      body: { ok: false, error: "Service Unavailable" },
    });
    expect((await getProduct()).status).toBe(200);
  });

  it("answers 429 with Retry-After", async () => {
    await control.addFault({ status: 429, retryAfter: 30 });
    const res = await getProduct();
    expect(res).toMatchObject({ status: 429, body: { ok: false, error: "Too Many Requests" } });
    expect(res.headers.get("retry-after")).toBe("30");
    expect((await getProduct()).status).toBe(429); // no `times`: unlimited
  });

  it("injects a 401 with Particle's invalid_token body even for a valid token", async () => {
    await control.addFault({ status: 401, times: 1 });
    expect(await getProduct()).toMatchObject({ status: 401, body: INVALID_TOKEN });
  });

  it("sends a custom body when one is given", async () => {
    await control.addFault({ status: 500, body: { ok: false, error: "boom" }, times: 1 });
    expect(await getProduct()).toMatchObject({ status: 500, body: { ok: false, error: "boom" } });
  });

  it("delays a request by delayMs, then handles it normally", async () => {
    await control.addFault({ delayMs: 400, times: 1 });
    const started = Date.now();
    const res = await getProduct();
    expect(res.status).toBe(200);
    expect(Date.now() - started).toBeGreaterThanOrEqual(350);
  });

  it("drops the connection without answering", async () => {
    await control.addFault({ drop: true, times: 1 });
    await expect(getProduct()).rejects.toThrow();
    expect((await getProduct()).status).toBe(200);
  });

  it("matches on method and path, and consumes faults in registration order", async () => {
    await control.addFault({ method: "PUT", path: "/customers/", status: 503, times: 1 });
    await control.addFault({ method: "PUT", status: 408, times: 1 });
    expect((await getProduct()).status).toBe(200);
    const first = await setPassword("alice@example.com", "long-enough-password");
    expect(first).toMatchObject({ status: 503, body: { ok: false, error: "Service Unavailable" } });
    const second = await setPassword("alice@example.com", "long-enough-password");
    expect(second).toMatchObject({ status: 408, body: { ok: false, error: "Request Timeout" } });
    expect((await setPassword("alice@example.com", "long-enough-password")).status).toBe(200);
  });

  it("clears faults with DELETE /__control/faults", async () => {
    await control.addFault({ status: 500 });
    expect((await call("DELETE", "/__control/faults")).status).toBe(200);
    expect((await getProduct()).status).toBe(200);
  });

  it("rejects an invalid fault with 400", async () => {
    const res = await control.addFault({ status: "teapot" });
    expect(res).toMatchObject({ status: 400, body: { error: "status must be 100-599" } });
    expect((await control.addFault({ path: "(" })).status).toBe(400);
    expect((await control.addFault({})).status).toBe(400);
  });
});

describe("request log and reset", () => {
  it("records method, path, query, headers, parsed body and the status answered", async () => {
    await setPassword("alice@example.com", "recorded-password");
    await call("GET", "/__control/faults"); // control traffic is not recorded
    const requests = await control.requests();
    expect(requests).toHaveLength(1);
    expect(requests[0]).toEqual({
      method: "PUT",
      path: "/v1/products/12345/customers/alice%40example.com",
      query: {},
      headers: expect.objectContaining({
        authorization: `Bearer ${TOKEN}`,
        "content-type": "application/json",
      }),
      body: { password: "recorded-password" },
      status: 200,
      at: expect.stringMatching(/^\d{4}-\d\d-\d\dT/),
    });
    expect((await call("DELETE", "/__control/requests")).status).toBe(200);
    expect(await control.requests()).toEqual([]);
  });

  it("records the faulted status, and null for dropped requests", async () => {
    await control.addFault({ status: 503, times: 1 });
    await control.addFault({ drop: true, times: 1 });
    await call("GET", `/v1/products/${PRODUCT}`, { token: TOKEN });
    await expect(call("GET", `/v1/products/${PRODUCT}`, { token: TOKEN })).rejects.toThrow();
    expect((await control.requests()).map((r) => r.status)).toEqual([503, null]);
  });

  it("restores passwords, customers, faults and the log on reset", async () => {
    await setPassword("alice@example.com", "temporary-password");
    await call("DELETE", customerPath("bob@example.com"), { token: FULL_TOKEN });
    await control.addFault({ status: 500 });

    expect((await control.reset()).status).toBe(200);
    expect(await control.requests()).toEqual([]);
    expect((await login(ACME_CLIENT, "alice@example.com", "correct-horse-battery")).status).toBe(
      200,
    );
    expect((await login(ACME_CLIENT, "alice@example.com", "temporary-password")).status).toBe(400);
    expect((await login(ACME_CLIENT, "bob@example.com", "purple-monkey-dishwasher")).status).toBe(
      200,
    );
  });
});
