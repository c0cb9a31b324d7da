import { checkConfig, parseEnvFile } from "../../scripts/check-config";
import { demoSettings, stackPorts } from "../../dev/demo-config";
import { controlClient } from "../../dev/control-client";
import type { RunningServer } from "../../dev/stand-in";
import { startParticleApi } from "../../dev/particle-api";
import {
  FULL_ACCESS_SENDGRID_API_KEY,
  NO_MAIL_SEND_SENDGRID_API_KEY,
  startSendgridApi,
} from "../../dev/sendgrid-api";

let particle: RunningServer;
let sendgrid: RunningServer;

beforeAll(async () => {
  [particle, sendgrid] = await Promise.all([
    startParticleApi(),
    startSendgridApi({
      unverifiedSenders: ["pending@acme-lamp.example"],
      authenticatedDomains: ["mail.acme.example"],
    }),
  ]);
});
afterAll(() => Promise.all([particle.close(), sendgrid.close()]));
beforeEach(() => Promise.all([particle, sendgrid].map((s) => controlClient(s.url).reset())));

const settings = (overrides: Record<string, string> = {}) => ({
  ...demoSettings(stackPorts({})),
  PARTICLE_API_URL: particle.url,
  SENDGRID_API_URL: sendgrid.url,
  ...overrides,
});

const line = (results: Array<{ check: string }>, check: string) =>
  results.find((r) => r.check === check);

describe("check-config", () => {
  it("passes a working configuration and changes nothing", async () => {
    const results = await checkConfig(settings({ SENDGRID_API_KEY: FULL_ACCESS_SENDGRID_API_KEY }));
    expect(results).toEqual([
      { check: "settings", status: "ok", detail: "all valid" },
      { check: "Particle product 12345", status: "ok", detail: '"Acme Smart Lamp"' },
      {
        check: "customers:list on 12345",
        status: "ok",
        detail: "allowed, in the documented shape",
      },
      {
        check: "customer list size of 12345",
        status: "ok",
        detail: "63 customers (CUSTOMER_LIST_MAX 1,000,000); a full sync takes about 1 min",
      },
      { check: "customers:update on 12345", status: "ok", detail: "allowed" },
      {
        check: "SendGrid Mail Send for product 12345",
        status: "ok",
        detail: "the key may send (sandbox send accepted)",
      },
      {
        check: "SendGrid sender no-reply@acme-lamp.example",
        status: "ok",
        detail: "a verified Single Sender",
      },
    ]);
    const messages = await (await fetch(`${sendgrid.url}/messages`)).json();
    expect(messages).toEqual({ messages: [] });
  });

  it("reports a customer list above CUSTOMER_LIST_MAX as a failure, naming both numbers", async () => {
    const results = await checkConfig(
      settings({
        PARTICLE_PRODUCT_ID: "30000",
        PARTICLE_ACCESS_TOKEN: "demo-fleet-token",
        CUSTOMER_LIST_MAX: "5000",
      }),
    );
    expect(line(results, "customer list size of 30000")).toEqual({
      check: "customer list size of 30000",
      status: "fail",
      detail: "10,000 customers, above CUSTOMER_LIST_MAX (5,000): customers past it get no mail",
    });
    const within = await checkConfig(
      settings({ PARTICLE_PRODUCT_ID: "120000", PARTICLE_ACCESS_TOKEN: "demo-fleet-token" }),
    );
    expect(line(within, "customer list size of 120000")).toMatchObject({
      status: "ok",
      detail: "100,000 customers (CUSTOMER_LIST_MAX 1,000,000); a full sync takes about 1 min",
    });
  });

  it("names a bad setting before calling anything", async () => {
    expect(await checkConfig(settings({ BRAND_PRIMARY_COLOR: "red" }))).toEqual([
      {
        check: "settings",
        status: "fail",
        detail: "Invalid configuration: BRAND_PRIMARY_COLOR must be a hex colour like #00AEEF",
      },
    ]);
    expect(await checkConfig(settings({ SENDGRID_API_KEY: "" }))).toEqual([
      {
        check: "settings",
        status: "fail",
        detail: "Invalid configuration: SENDGRID_API_KEY is not set",
      },
    ]);
    expect(await checkConfig(settings({ RECORD_KEY_SECRET: "short" }))).toEqual([
      {
        check: "settings",
        status: "fail",
        detail:
          "Invalid configuration: RECORD_KEY_SECRET must be at least 32 characters (openssl rand -base64 32)",
      },
    ]);
  });

  it("reports an invalid token, a missing scope and a wrong product", async () => {
    const invalid = await checkConfig(settings({ PARTICLE_ACCESS_TOKEN: "nope" }));
    expect(invalid[1]).toEqual({
      check: "Particle product 12345",
      status: "fail",
      detail: "GET product: the access token is invalid or expired",
    });
    expect(line(invalid, "customers:update on 12345")).toBeUndefined();

    const noUpdate = await checkConfig(settings({ PARTICLE_ACCESS_TOKEN: "demo-token-no-update" }));
    expect(line(noUpdate, "customers:update on 12345")).toEqual({
      check: "customers:update on 12345",
      status: "fail",
      detail: "update customer: the API user lacks the permission (400 unauthorized)",
    });
    const noList = await checkConfig(settings({ PARTICLE_ACCESS_TOKEN: "demo-token-no-list" }));
    expect(line(noList, "customers:list on 12345")).toEqual({
      check: "customers:list on 12345",
      status: "fail",
      detail: "list customers: the API user lacks the permission (400 unauthorized)",
    });

    const wrongProduct = await checkConfig(settings({ PARTICLE_PRODUCT_ID: "99999" }));
    expect(wrongProduct[1]).toEqual({
      check: "Particle product 99999",
      status: "fail",
      detail: "GET product: product not found",
    });
  });

  it("works with a least-privilege token that cannot read the product: a warning, the rest runs", async () => {
    const results = await checkConfig(
      settings({ PARTICLE_ACCESS_TOKEN: "demo-token-least-privilege" }),
    );
    expect(results.slice(1, 5)).toEqual([
      {
        check: "Particle product 12345",
        status: "warn",
        detail:
          "the token cannot read the product (fine for a least-privilege API user); the customer checks below still run",
      },
      {
        check: "customers:list on 12345",
        status: "ok",
        detail: "allowed, in the documented shape",
      },
      expect.objectContaining({ check: "customer list size of 12345", status: "ok" }),
      { check: "customers:update on 12345", status: "ok", detail: "allowed" },
    ]);
  });

  it("treats a 403 on the product read as a warning too", async () => {
    await controlClient(particle.url).injectFault({
      method: "GET",
      path: "^/v1/products/12345$",
      status: 403,
    });
    const results = await checkConfig(settings());
    expect(results[1]).toMatchObject({ check: "Particle product 12345", status: "warn" });
    expect(line(results, "customers:update on 12345")).toMatchObject({ status: "ok" });
  });

  it.each([
    ["customers is not a list", { customers: null, meta: { total_pages: 1 } }],
    ["a customer has no username", { customers: [{ id: "x" }], meta: { total_pages: 1 } }],
    ["meta.total_pages is missing", { customers: [{ id: "x", username: "a@b.c" }] }],
  ])("fails clearly when the customer list has another shape (%s)", async (what, body) => {
    await controlClient(particle.url).injectFault({
      method: "GET",
      path: "^/v1/products/12345/customers$",
      status: 200,
      body,
    });
    const results = await checkConfig(settings());
    expect(line(results, "customers:list on 12345")).toEqual({
      check: "customers:list on 12345",
      status: "fail",
      detail: `list customers: unexpected response: ${what} (expected {customers: [{username, …}], meta: {total_pages}})`,
    });
  });

  it("tells a bad key, a key without Mail Send and an unverified sender apart", async () => {
    const badKey = await checkConfig(settings({ SENDGRID_API_KEY: "SG.wrong" }));
    expect(badKey.slice(-2)).toEqual([
      { check: "SendGrid Mail Send for product 12345", status: "fail", detail: "API key invalid" },
      {
        check: "SendGrid sender no-reply@acme-lamp.example",
        status: "warn",
        detail:
          "could not be checked (verified senders: API key invalid; authenticated domains: API key invalid); confirm it under Sender Authentication in SendGrid",
      },
    ]);

    const noSend = await checkConfig(settings({ SENDGRID_API_KEY: NO_MAIL_SEND_SENDGRID_API_KEY }));
    expect(line(noSend, "SendGrid Mail Send for product 12345")).toEqual({
      check: "SendGrid Mail Send for product 12345",
      status: "fail",
      detail: "API key lacks Mail Send",
    });

    const unverified = await checkConfig(
      settings({
        SENDGRID_API_KEY: FULL_ACCESS_SENDGRID_API_KEY,
        MAIL_FROM_EMAIL: "someone@elsewhere.example",
      }),
    );
    expect(unverified.slice(-2)).toEqual([
      {
        check: "SendGrid Mail Send for product 12345",
        status: "ok",
        detail: "the key may send (sandbox send accepted)",
      },
      {
        check: "SendGrid sender someone@elsewhere.example",
        status: "fail",
        detail:
          "neither a verified Single Sender nor in an authenticated domain; SendGrid will refuse it (403, from)",
      },
    ]);
    const pending = await checkConfig(
      settings({
        SENDGRID_API_KEY: FULL_ACCESS_SENDGRID_API_KEY,
        MAIL_FROM_EMAIL: "pending@acme-lamp.example",
      }),
    );
    expect(pending[pending.length - 1]).toMatchObject({
      status: "fail",
      detail:
        "a Single Sender that has not completed verification; SendGrid will refuse it (403, from)",
    });
  });

  it("accepts a sender in an authenticated domain", async () => {
    const results = await checkConfig(
      settings({
        SENDGRID_API_KEY: FULL_ACCESS_SENDGRID_API_KEY,
        MAIL_FROM_EMAIL: "reset@mail.acme.example",
      }),
    );
    expect(results[results.length - 1]).toEqual({
      check: "SendGrid sender reset@mail.acme.example",
      status: "ok",
      detail: "in authenticated domain mail.acme.example",
    });
  });

  it("does not call a sender verified on a sandbox send alone (Mail Send-only key)", async () => {
    const results = await checkConfig(settings({ MAIL_FROM_EMAIL: "someone@elsewhere.example" }));
    expect(results.slice(-2)).toEqual([
      {
        check: "SendGrid Mail Send for product 12345",
        status: "ok",
        detail: "the key may send (sandbox send accepted)",
      },
      {
        check: "SendGrid sender someone@elsewhere.example",
        status: "warn",
        detail:
          "could not be checked (verified senders: the key may not read it; authenticated domains: the key may not read it); confirm it under Sender Authentication in SendGrid",
      },
    ]);
  });

  it("reads a sandbox 403 on the sender as the sender, in case SendGrid checks it there", async () => {
    await controlClient(sendgrid.url).injectFault({
      path: "^/v3/mail/send$",
      status: 403,
      body: {
        errors: [
          {
            message: "The from address does not match a verified Sender Identity.",
            field: "from",
            help: null,
          },
        ],
      },
    });
    const results = await checkConfig(settings());
    expect(line(results, "SendGrid Mail Send for product 12345")).toEqual({
      check: "SendGrid Mail Send for product 12345",
      status: "fail",
      detail: "sender no-reply@acme-lamp.example is not a verified Sender Identity",
    });
  });

  it("reads the env files firebase deploy writes", () => {
    expect(parseEnvFile("# c\nA=\"x y\"\nB=plain\n  C = 'q'\nnot a line\n")).toEqual({
      A: "x y",
      B: "plain",
      C: "q",
    });
  });
});
