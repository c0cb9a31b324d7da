/**
 * Local stand-in for the parts of the Particle Cloud API this project uses, with Particle's own
 * status codes and error bodies, plus the shared control API (see stand-in.ts).
 *
 *   GET    /v1/products/:idOrSlug                     scope products:get (see below)
 *   GET    /v1/products/:id/customers?page&per_page   scope customers:list (per_page 25, max 100)
 *   POST   /v1/products/:id/customers                 app's OAuth client (HTTP Basic or
 *                                                     client_id/client_secret in the body), or
 *                                                     customers:create
 *   PUT    /v1/products/:id/customers/:email          scope customers:update, body {password}
 *   DELETE /v1/products/:id/customers/:email          scope customers:remove
 *   POST   /oauth/token                               grant_type=password with a product's client
 *
 * Tokens go in `Authorization: Bearer`; the deprecated `access_token` query/body parameter still
 * works (as on the real API) and shows up in the request log. Bodies may be JSON or form encoded.
 * Emails are case-insensitive (Particle lower-cases them).
 *
 * Refusals, as Particle documents them (https://docs.particle.io/reference/cloud-apis/api/,
 * "Errors" and "Errors - API users"): an unknown token 401; a token without access to the product,
 * or a customer's token on a product endpoint, 403; an API user (a token with `scopes`) lacking
 * the endpoint's scope 400 {"error":"unauthorized", "error_description": …}. The description's
 * wording for a missing scope is not documented (ours names the scope). Which scope reading a
 * product needs is not in what we could check either: we model `products:get`, so that a
 * customers-only API user cannot read the product (check-config treats that as a warning).
 *
 * Products, OAuth clients, customers and access tokens (each with what it may do) are in the demo
 * fixture, dev/fixtures/particle.json; `generatedCustomers` adds numbered customers in bulk.
 */
import { createHash, randomBytes } from "node:crypto";
import { readFileSync } from "node:fs";
import path from "node:path";
import type { Request, RequestHandler, Router } from "express";
import { z } from "zod";
import {
  fail,
  isRecord,
  queryParam,
  reasonPhrase,
  startStandIn,
  type ListenOptions,
  type Reply,
  type RunningServer,
} from "./stand-in";

// ---------------------------------------------------------------------------------------------
// Fixture
// ---------------------------------------------------------------------------------------------

/** A product as GET /v1/products/:idOrSlug shows it (without `groups`). */
const productSchema = z.object({
  id: z.number(),
  slug: z.string(),
  name: z.string(),
  description: z.string().default(""),
  platform_id: z.number(),
  organization: z.string().nullable(),
  type: z.string().default("Consumer"),
  hardware_version: z.string().default("v1.0.0"),
});

const fixtureSchema = z.object({
  products: z.array(
    productSchema.extend({
      /** OAuth clients that sign customers up and log them in. */
      clients: z.array(z.object({ client_id: z.string(), client_secret: z.string() })),
      customers: z.array(z.object({ email: z.string(), password: z.string() })),
      /** Bulk customers made in code; `{n}` becomes 001, 002, … */
      generatedCustomers: z
        .object({ count: z.number(), emailPattern: z.string(), passwordPattern: z.string() })
        .optional(),
    }),
  ),
  tokens: z.array(
    z.object({
      token: z.string(),
      /** Omitted = full user token with every permission. */
      scopes: z.array(z.string()).optional(),
      /** Product ids the token may access. */
      products: z.array(z.number()),
    }),
  ),
});

type ParticleFixture = z.infer<typeof fixtureSchema>;
type FixtureProduct = ParticleFixture["products"][number];
type FixtureToken = ParticleFixture["tokens"][number];

/** Read (and checked) at every start: a broken fixture stops the stack with zod's message. */
function loadParticleFixture(): ParticleFixture {
  const file = path.join(__dirname, "fixtures", "particle.json");
  return fixtureSchema.parse(JSON.parse(readFileSync(file, "utf8")));
}

// ---------------------------------------------------------------------------------------------
// In-memory state
// ---------------------------------------------------------------------------------------------

interface Customer {
  id: string;
  username: string;
  /** null for customers created with no_password (two-legged shadow customers). */
  password: string | null;
}

interface ProductState {
  info: FixtureProduct;
  /** Keyed by lower-case email; insertion order is the listing order. */
  readonly customers: Map<string, Customer>;
}

interface World {
  products: ProductState[];
  tokens: Map<string, FixtureToken>;
  /** Tokens we issued to customers: valid, but never allowed on product endpoints. */
  customerTokens: Set<string>;
}

const CUSTOMER_TOKEN_TTL_SECONDS = 7776000; // 90 days, what Particle issues to customers

function customerId(productId: number, username: string): string {
  // Stable Mongo-style 24-hex ids, so listings are identical after every reset.
  return createHash("sha1").update(`${productId}:${username}`).digest("hex").slice(0, 24);
}

function newCustomer(productId: number, email: string, password: string | null): Customer {
  const username = email.toLowerCase();
  return { id: customerId(productId, username), username, password };
}

/** Bulk customers, made once per fixture product (the fleets hold up to 100,000). */
const generatedOnce = new WeakMap<FixtureProduct, Customer[]>();

function generatedCustomers(info: FixtureProduct): Customer[] {
  const { count = 0, emailPattern = "", passwordPattern = "" } = info.generatedCustomers ?? {};
  let made = generatedOnce.get(info);
  if (!made) {
    made = Array.from({ length: count }, (_, i) => {
      const n = String(i + 1).padStart(3, "0");
      const email = emailPattern.replaceAll("{n}", n);
      return newCustomer(info.id, email, passwordPattern.replaceAll("{n}", n));
    });
    generatedOnce.set(info, made);
  }
  return made;
}

function buildProductState(info: FixtureProduct): ProductState {
  let customers: Map<string, Customer> | undefined;
  // Built on first use (most tests never ask), from copies: a reset starts from the fixture.
  const build = () =>
    new Map(
      [
        ...info.customers.map(({ email, password }) => newCustomer(info.id, email, password)),
        ...generatedCustomers(info).map((customer) => ({ ...customer })),
      ].map((customer) => [customer.username, customer]),
    );
  return {
    info,
    get customers() {
      return (customers ??= build());
    },
  };
}

function buildWorld(fixture: ParticleFixture): World {
  return {
    products: fixture.products.map(buildProductState),
    tokens: new Map(fixture.tokens.map((token) => [token.token, token])),
    customerTokens: new Set(),
  };
}

// ---------------------------------------------------------------------------------------------
// Particle-shaped errors
// ---------------------------------------------------------------------------------------------

const INVALID_TOKEN = {
  error: "invalid_token",
  error_description: "The access token provided is invalid.",
};

const INVALID_CLIENT = {
  error: "invalid_client",
  error_description:
    "Client authentication failed due to unknown client, no client authentication included, or unsupported authentication method.",
};

const INVALID_GRANT = { error: "invalid_grant", error_description: "User credentials are invalid" };

const MIN_PASSWORD_LENGTH = 8;

function forbidden(description: string): never {
  return fail(403, { ok: false, error: "Forbidden", error_description: description });
}

function badRequest(error: string): never {
  return fail(400, { ok: false, error });
}

/** An API user without the endpoint's scope: 400, not 403 ("Errors - API users" in the docs). */
function missingScope(scope: string): never {
  return fail(400, {
    error: "unauthorized",
    error_description: `API user is missing the required scope: ${scope}`,
  });
}

/** Particle's body for a bare status: OAuth-style for 401, `{ok:false,error}` otherwise. */
function particleErrorReply(status: number): Reply {
  if (status === 401) return { status, body: INVALID_TOKEN };
  if (status === 403) {
    const description = "You do not have permission to access this resource.";
    return { status, body: { ok: false, error: "Forbidden", error_description: description } };
  }
  return { status, body: { ok: false, error: reasonPhrase(status) } };
}

// ---------------------------------------------------------------------------------------------
// Request helpers
// ---------------------------------------------------------------------------------------------

/** Route parameters here are single segments, so strings (only wildcards give arrays). */
type ParticleRequest = Request<Record<string, string>>;

/** A body field as a string (JSON numbers are accepted the way form values would be). */
function bodyField(req: ParticleRequest, name: string): string | undefined {
  const value: unknown = isRecord(req.body) ? req.body[name] : undefined;
  if (typeof value === "number" || typeof value === "boolean") return String(value);
  return typeof value === "string" ? value : undefined;
}

function accessToken(req: ParticleRequest): string | undefined {
  const bearer = /^Bearer\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
  if (bearer) return bearer[1];
  // Deprecated but still honoured by Particle; the request log keeps query and body for tests.
  return queryParam(req, "access_token") ?? bodyField(req, "access_token");
}

/** An app's OAuth client: HTTP Basic, or client_id and client_secret in the body. */
function clientCredentials(req: ParticleRequest): { id: string; secret: string } | undefined {
  const basic = /^Basic\s+(\S+)\s*$/i.exec(req.headers.authorization ?? "");
  const decoded = basic ? Buffer.from(basic[1], "base64").toString("utf8") : "";
  const colon = decoded.indexOf(":");
  if (colon >= 0) return { id: decoded.slice(0, colon), secret: decoded.slice(colon + 1) };
  const id = bodyField(req, "client_id");
  const secret = bodyField(req, "client_secret");
  return id !== undefined && secret !== undefined ? { id, secret } : undefined;
}

/** The product whose app's OAuth client the request authenticates with. */
function findClient(world: World, req: ParticleRequest): ProductState | undefined {
  const credentials = clientCredentials(req);
  return (
    credentials &&
    world.products.find((p) =>
      p.info.clients.some(
        (c) => c.client_id === credentials.id && c.client_secret === credentials.secret,
      ),
    )
  );
}

/** The product an app's OAuth client belongs to, which must be the one in the path. */
function productForClient(world: World, req: ParticleRequest): ProductState {
  const owner = findClient(world, req) ?? fail(401, INVALID_CLIENT);
  const product = findProduct(world, req.params.product);
  if (owner !== product)
    forbidden(`This OAuth client does not belong to product ${product.info.id}.`);
  return product;
}

function findProduct(world: World, idOrSlug: string): ProductState {
  const product = world.products.find((p) =>
    /^\d+$/.test(idOrSlug) ? p.info.id === Number(idOrSlug) : p.info.slug === idOrSlug,
  );
  return product ?? fail(404, { ok: false, error: "Product not found" });
}

/** Authenticates (401), finds the product (404), then checks access (403) and scope (400). */
function productFor(world: World, req: ParticleRequest, scope: string): ProductState {
  const token = accessToken(req) ?? "";
  const user = world.tokens.get(token);
  if (!user && !world.customerTokens.has(token)) fail(401, INVALID_TOKEN);
  const product = findProduct(world, req.params.product);
  if (!user) return forbidden("Customer access tokens cannot be used on product endpoints.");
  if (!user.products.includes(product.info.id)) {
    forbidden(`You do not have access to product ${product.info.id}.`);
  }
  if (user.scopes && !user.scopes.includes(scope)) missingScope(scope);
  return product;
}

function findCustomer(product: ProductState, email: string): Customer {
  const customer = product.customers.get(email.toLowerCase());
  return customer ?? fail(404, { ok: false, error: "Customer not found" });
}

function requireValidPassword(password: string | undefined): string {
  if (!password) return badRequest("password is required");
  if (password.length < MIN_PASSWORD_LENGTH) {
    return badRequest(`Password must be at least ${MIN_PASSWORD_LENGTH} characters long.`);
  }
  return password;
}

function positiveInt(value: string | undefined): number | undefined {
  const n = value === undefined ? NaN : Number(value);
  return Number.isInteger(n) && n > 0 ? n : undefined;
}

function issueCustomerToken(world: World) {
  const accessToken = randomBytes(20).toString("hex");
  world.customerTokens.add(accessToken);
  return {
    token_type: "bearer",
    access_token: accessToken,
    expires_in: CUSTOMER_TOKEN_TTL_SECONDS,
    refresh_token: randomBytes(20).toString("hex"),
  };
}

// ---------------------------------------------------------------------------------------------
// Routes: each answers 200 with the JSON it returns, or throws a Particle error with `fail`
// ---------------------------------------------------------------------------------------------

function getProduct(world: World, req: ParticleRequest) {
  const { info } = productFor(world, req, "products:get");
  return { product: { ...productSchema.parse(info), groups: [] } };
}

function listCustomers(world: World, req: ParticleRequest) {
  const product = productFor(world, req, "customers:list");
  const page = positiveInt(queryParam(req, "page")) ?? 1;
  const perPage = Math.min(positiveInt(queryParam(req, "per_page")) ?? 25, 100);
  const all = [...product.customers.values()];
  const customers = all.slice((page - 1) * perPage, page * perPage).map((customer) => ({
    id: customer.id,
    username: customer.username,
    devices: [],
  }));
  return { customers, meta: { total_pages: Math.ceil(all.length / perPage) } };
}

/**
 * Sign-up: an app's OAuth client or a product token with customers:create. particle-api-js's
 * `createCustomer` sends the client as form fields (client_id, client_secret, with
 * grant_type=client_credentials) and no Authorization header; curl examples use HTTP Basic.
 */
function createCustomer(world: World, req: ParticleRequest) {
  const product = clientCredentials(req)
    ? productForClient(world, req)
    : productFor(world, req, "customers:create");
  const email = bodyField(req, "email")?.trim();
  if (!email) return badRequest("email is required");
  const passwordless = bodyField(req, "no_password") === "true";
  const password = passwordless ? null : requireValidPassword(bodyField(req, "password"));
  if (product.customers.has(email.toLowerCase())) return badRequest("Customer already exists");
  const customer = newCustomer(product.info.id, email, password);
  product.customers.set(customer.username, customer);
  return issueCustomerToken(world);
}

function updateCustomerPassword(world: World, req: ParticleRequest) {
  const product = productFor(world, req, "customers:update");
  const password = requireValidPassword(bodyField(req, "password"));
  findCustomer(product, req.params.email).password = password;
  return { ok: true };
}

function deleteCustomer(world: World, req: ParticleRequest) {
  const product = productFor(world, req, "customers:remove");
  product.customers.delete(findCustomer(product, req.params.email).username);
  return { ok: true };
}

function requiredOAuthParam(req: ParticleRequest, name: string): string {
  const error_description = `Missing parameter: \`${name}\``;
  return bodyField(req, name) || fail(400, { error: "invalid_request", error_description });
}

/** Customer login, checked in the order Particle's OAuth server does: client, grant, user. */
function passwordGrant(world: World, req: ParticleRequest) {
  const product = findClient(world, req) ?? fail(401, INVALID_CLIENT);
  if (requiredOAuthParam(req, "grant_type") !== "password") {
    const error_description = "Unsupported grant type: `grant_type` is invalid";
    fail(400, { error: "unsupported_grant_type", error_description });
  }
  const username = requiredOAuthParam(req, "username");
  const password = requiredOAuthParam(req, "password");
  // A passwordless (null) customer never matches: the password asked for is never empty.
  if (product.customers.get(username.toLowerCase())?.password !== password)
    fail(400, INVALID_GRANT);
  return issueCustomerToken(world);
}

function routes(router: Router, current: () => World): void {
  const bind =
    (handler: (world: World, req: ParticleRequest) => unknown): RequestHandler =>
    (req, res) =>
      void res.json(handler(current(), req as ParticleRequest));
  router
    .get("/v1/products/:product", bind(getProduct))
    .get("/v1/products/:product/customers", bind(listCustomers))
    .post("/v1/products/:product/customers", bind(createCustomer))
    .put("/v1/products/:product/customers/:email", bind(updateCustomerPassword))
    .delete("/v1/products/:product/customers/:email", bind(deleteCustomer))
    .post("/oauth/token", bind(passwordGrant));
}

export function startParticleApi(options: ListenOptions = {}): Promise<RunningServer> {
  const fixture = loadParticleFixture();
  let world = buildWorld(fixture);
  return startStandIn(
    {
      api: (router) => routes(router, () => world),
      errorReply: particleErrorReply,
      reset: () => (world = buildWorld(fixture)),
    },
    options,
  );
}
