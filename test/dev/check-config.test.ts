import { checkConfig, parseEnvFile } from "../../scripts/check-config";
import { demoSettings, stackPorts } from "../../dev/demo-config";
import type { RunningServer } from "../../dev/http-kit";
import { startParticleApi } from "../../dev/particle-api";
import { startSendgridApi } from "../../dev/sendgrid-api";

let particle: RunningServer;
let sendgrid: RunningServer;

beforeAll(async () => {
  [particle, sendgrid] = await Promise.all([startParticleApi(), startSendgridApi()]);
});
afterAll(() => Promise.all([particle.close(), sendgrid.close()]));

const settings = (overrides: Record<string, string> = {}) => ({
  ...demoSettings(stackPorts({})),
  PARTICLE_API_URL: particle.url,
  SENDGRID_API_URL: sendgrid.url,
  ...overrides,
});

describe("check-config", () => {
  it("passes a working configuration and changes nothing", async () => {
    const results = await checkConfig(settings());
    expect(results).toEqual([
      { check: "settings", ok: true, detail: "all valid" },
      { check: "Particle product 12345", ok: true, detail: '"Acme Smart Lamp"' },
      { check: "customers:list on 12345", ok: true, detail: "allowed" },
      { check: "customers:update on 12345", ok: true, detail: "allowed" },
      {
        check: "SendGrid send as no-reply@acme-lamp.example",
        ok: true,
        detail: "key and sender accepted",
      },
    ]);
    const messages = await (await fetch(`${sendgrid.url}/messages`)).json();
    expect(messages).toEqual({ messages: [] });
  });

  it("names a bad setting before calling anything", async () => {
    expect(await checkConfig(settings({ BRAND_PRIMARY_COLOR: "red" }))).toEqual([
      {
        check: "settings",
        ok: false,
        detail: "Invalid configuration: BRAND_PRIMARY_COLOR must be a hex colour like #00AEEF",
      },
    ]);
    expect(await checkConfig(settings({ SENDGRID_API_KEY: "" }))).toEqual([
      {
        check: "settings",
        ok: false,
        detail: "Invalid configuration: SENDGRID_API_KEY is not set",
      },
    ]);
  });

  it("reports an invalid token, a missing scope, a wrong product and a bad SendGrid key", async () => {
    const invalid = await checkConfig(settings({ PARTICLE_ACCESS_TOKEN: "nope" }));
    expect(invalid[1]).toEqual({
      check: "Particle product 12345",
      ok: false,
      detail: "GET product: the access token is invalid or expired",
    });
    const noUpdate = await checkConfig(settings({ PARTICLE_ACCESS_TOKEN: "demo-token-no-update" }));
    expect(noUpdate.find((r) => r.check === "customers:update on 12345")).toEqual({
      check: "customers:update on 12345",
      ok: false,
      detail: "update customer: the access token lacks the permission",
    });
    const wrongProduct = await checkConfig(settings({ PARTICLE_PRODUCT_ID: "99999" }));
    expect(wrongProduct[1].ok).toBe(false);
    const badKey = await checkConfig(settings({ SENDGRID_API_KEY: "SG.wrong" }));
    expect(badKey[badKey.length - 1]).toEqual({
      check: "SendGrid send for product 12345",
      ok: false,
      detail: "API key invalid",
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
