/**
 * Reset tokens under attack: guessing, per-client limits on verify/complete, binding to one
 * product and one email, replay, supersession and expiry. Through the stack where the demo
 * deployment can show it; in-process (real Firestore, real local Particle) for several products
 * and for an injected clock.
 */
import fc from "fast-check";
import { Timestamp } from "firebase-admin/firestore";
import type { AppConfig } from "../../../functions/src/config/config";
import { completeReset } from "../../../functions/src/handlers/complete-reset";
import { verifyReset } from "../../../functions/src/handlers/verify-reset";
import type { Services } from "../../../functions/src/services";
import { hashToken } from "../../../functions/src/tokens/token";
import { expectResetError } from "../../support/failure";
import {
  captureHandlerLogs,
  deliverInProcess,
  inProcessServices,
  stackSecrets,
  recordingTasks,
  stackConfig,
} from "../../support/in-process";
import {
  api,
  db,
  logMark,
  requestTokenByMail,
  mapConcurrent,
  particleLogin,
  recordedRequests,
  requestReset,
  resetAll,
  resetLinkFrom,
  tokenFrom,
  waitForLog,
  waitForMail,
} from "../../support/stack";
import { getMessages } from "../../../functions/src/i18n/messages";
import { DEMO_SECRETS } from "../../../dev/demo-config";

/** The answers' English wording, from the catalogue the API answers from. */
const API = getMessages("en").api;

const NEW_PASSWORD = "lamp-glow-at-midnight-42";
const TOKEN_INVALID = {
  error: {
    code: "token_invalid",
    message: API.tokenInvalid,
  },
};
const TOKEN_USED = {
  error: { code: "token_used", message: API.tokenUsed },
};
const OTHER_WIDGET_CLIENT = { id: "other-widget-app", secret: "other-client-secret" };

const tokenDoc = (token: string) => db().collection("resetTokens").doc(hashToken(token));
const puts = async () => (await recordedRequests("particle")).filter((r) => r.method === "PUT");

/** A fresh client address per call, so that guesses are not cut short by the per-client limit. */
let clientNo = 0;
const freshClient = () => {
  clientNo += 1;
  return `10.${(clientNo >> 16) & 255}.${(clientNo >> 8) & 255}.${clientNo & 255}`;
};

beforeEach(resetAll);

describe("guessing", () => {
  const GUESSES = 160;

  it(`answers token_invalid to ${GUESSES} random and near-miss tokens on verify and complete, and the real link stays live`, async () => {
    const real = await requestTokenByMail("alice@example.com");
    const nearMiss = fc
      .tuple(fc.nat({ max: 42 }), fc.constantFrom(..."ABCDEFabcdef0123456789-_"))
      .map(([i, c]) => `${real.slice(0, i)}${c}${real.slice(i + 1)}`);
    const variants = [
      real.toUpperCase(),
      real.toLowerCase(),
      `${real}=`,
      ` ${real}`,
      real.slice(0, 42),
      `${real}A`,
      Buffer.from(real, "base64url").toString("hex"),
      hashToken(real),
    ];
    const guess = fc
      .oneof(
        fc.stringMatching(/^[A-Za-z0-9_-]{43}$/),
        nearMiss,
        fc.constantFrom(...variants),
        fc.string({ maxLength: 128 }),
      )
      .filter((candidate) => candidate !== real);
    let sent = 0;
    await fc.assert(
      fc.asyncProperty(fc.array(guess, { minLength: 8, maxLength: 8 }), async (tokens) => {
        await mapConcurrent(tokens, 8, async (token, i) => {
          sent += 1;
          const response =
            i % 2 === 0
              ? await api("verify", { token }, { client: freshClient() })
              : await api("complete", { token, password: NEW_PASSWORD }, { client: freshClient() });
          expect({ token, status: response.status, body: response.body }).toEqual({
            token,
            status: 400,
            body: TOKEN_INVALID,
          });
        });
      }),
      { numRuns: GUESSES / 8 },
    );
    expect(sent).toBeGreaterThanOrEqual(GUESSES);
    expect(await puts()).toEqual([]);
    expect((await tokenDoc(real).get()).get("state")).toBe("live");
    expect((await api("verify", { token: real }, { client: freshClient() })).status).toBe(200);
  });

  it("limits verify and complete attempts per client: after 60 concurrent guesses every further guess is rate_limited", async () => {
    const attacker = "203.0.113.66";
    const guesses = await mapConcurrent(Array.from({ length: 60 }), 20, (_, i) =>
      i % 2 === 0
        ? api("verify", { token: "A".repeat(42) + String(i % 10) }, { client: attacker })
        : api("complete", { token: "B".repeat(43), password: NEW_PASSWORD }, { client: attacker }),
    );
    // Contention on the client's counter must never turn into a 5xx.
    expect(guesses.map((r) => r.status)).toEqual(Array(60).fill(400));
    expect(new Set(guesses.map((r) => r.text))).toEqual(new Set([JSON.stringify(TOKEN_INVALID)]));

    for (const attempt of [
      api("verify", { token: "C".repeat(43) }, { client: attacker }),
      api("complete", { token: "D".repeat(43), password: NEW_PASSWORD }, { client: attacker }),
    ]) {
      const limited = await attempt;
      expect(limited.status).toBe(429);
      expect(limited.body.error.code).toBe("rate_limited");
      expect(Number(limited.headers.get("retry-after"))).toBeGreaterThan(0);
    }
    expect(await puts()).toEqual([]);
  });

  it("a client over its failed-check limit still opens and uses a real link: success never reads the counter", async () => {
    const real = await requestTokenByMail("bob@example.com");
    const shared = "203.0.113.68";
    await mapConcurrent(Array.from({ length: 61 }), 20, () =>
      api("verify", { token: "E".repeat(43) }, { client: shared }),
    );
    expect((await api("verify", { token: "E".repeat(43) }, { client: shared })).status).toBe(429);

    expect((await api("verify", { token: real }, { client: shared })).status).toBe(200);
    const done = await api("complete", { token: real, password: NEW_PASSWORD }, { client: shared });
    expect(done.status).toBe(200);
    expect(await particleLogin("bob@example.com", NEW_PASSWORD)).toBe(200);
  });
});

describe("what counts against the client", () => {
  it("only failed token checks: the customer's own link can be opened and submitted more often than the limit allows guesses", async () => {
    const real = await requestTokenByMail("bob@example.com");
    const customer = "203.0.113.70";
    // The limit is 60 failed checks per 10 minutes; 70 successful ones from one client all pass.
    const checks = await mapConcurrent(Array.from({ length: 70 }), 10, () =>
      api("verify", { token: real }, { client: customer }),
    );
    expect(checks.map((r) => r.status)).toEqual(Array(70).fill(200));
    // A rejected password is not a failed token check either.
    for (let i = 0; i < 3; i += 1) {
      const weak = await api("complete", { token: real, password: "short" }, { client: customer });
      expect(weak.body.error.code).toBe("weak_password");
    }
    expect(
      (await api("complete", { token: real, password: NEW_PASSWORD }, { client: customer })).status,
    ).toBe(200);
    expect(await particleLogin("bob@example.com", NEW_PASSWORD)).toBe(200);
    // Nothing was recorded against the client: successful checks never touch its counter.
    expect((await db().collection("rateLimits").where("scope", "==", "token").get()).size).toBe(0);
  });

  it("a used link replayed counts as a failure", async () => {
    const real = await requestTokenByMail("bob@example.com");
    const replayer = "203.0.113.71";
    expect(
      (await api("complete", { token: real, password: NEW_PASSWORD }, { client: replayer })).status,
    ).toBe(200);
    const replays = await mapConcurrent(Array.from({ length: 60 }), 10, () =>
      api("verify", { token: real }, { client: replayer }),
    );
    expect(new Set(replays.map((r) => r.text))).toEqual(new Set([JSON.stringify(TOKEN_USED)]));
    const limited = await api("verify", { token: real }, { client: replayer });
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe("rate_limited");
  });
});

describe("single use", () => {
  it("cannot be replayed after success: every later verify and complete is token_used, from any client", async () => {
    const token = await requestTokenByMail("carol@example.com");
    expect((await api("complete", { token, password: NEW_PASSWORD })).status).toBe(200);

    const replays = await Promise.all(
      Array.from({ length: 10 }, (_, i) =>
        i % 2 === 0
          ? api("verify", { token }, { client: freshClient() })
          : api(
              "complete",
              { token, password: `another-password-${i}` },
              { client: freshClient() },
            ),
      ),
    );
    for (const replay of replays) {
      expect(replay.status).toBe(409);
      expect(replay.body).toEqual(TOKEN_USED);
    }
    expect(await puts()).toHaveLength(1);
    expect(await particleLogin("carol@example.com", NEW_PASSWORD)).toBe(200);
  });

  it("requests by others never end the customer's link: after 3 more requests the first link still works, and using one link ends the others", async () => {
    await requestReset("alice@example.com", {}, "198.51.100.10");
    const [mine] = await waitForMail("alice@example.com");
    // Someone who knows the address asks again and again, from other clients: the per-email limit
    // (3 an hour) lets two of those through, and the third is dropped.
    for (const [i, client] of ["198.51.100.20", "198.51.100.21"].entries()) {
      await requestReset("alice@example.com", {}, client);
      await waitForMail("alice@example.com", i + 2);
    }
    const mark = logMark();
    await requestReset("alice@example.com", {}, "198.51.100.22");
    await waitForLog(mark, "reset.email_rate_limited");
    const all = await waitForMail("alice@example.com", 3);
    expect(all).toHaveLength(3);
    const first = tokenFrom(resetLinkFrom(mine));
    const others = all.filter((m) => m.id !== mine.id).map((m) => tokenFrom(resetLinkFrom(m)));

    expect((await api("verify", { token: first })).status).toBe(200);
    for (const token of others) expect((await api("verify", { token })).status).toBe(200);

    expect((await api("complete", { token: others[0], password: NEW_PASSWORD })).status).toBe(200);
    for (const token of [first, others[1]]) {
      expect((await api("verify", { token })).body).toEqual(TOKEN_INVALID);
      expect((await api("complete", { token, password: "yet-another-one-1" })).body).toEqual(
        TOKEN_INVALID,
      );
    }
    expect(await puts()).toHaveLength(1);
    expect(await particleLogin("alice@example.com", NEW_PASSWORD)).toBe(200);
  });
});

describe("binding to one product and one email (in-process, two products)", () => {
  let logs: ReturnType<typeof captureHandlerLogs>;
  let config: AppConfig;
  // Each product with its own Particle token, as the demo runs them: neither may act on the other.
  const secrets = stackSecrets();

  beforeAll(() => {
    logs = captureHandlerLogs();
    // One deployment serving both demo products (the demo's products file).
    config = stackConfig();
  });
  afterAll(() => jest.restoreAllMocks());

  it("a token for product A cannot reset a customer of product B, even one with the same email", async () => {
    const services = inProcessServices({ config, secrets });
    const tokenA = await deliverInProcess(services, "alice@example.com", "12345");

    // The body names no product: the only product a token acts on is the one it was issued for.
    await expectResetError(
      completeReset(services, { token: tokenA, password: NEW_PASSWORD, productId: "67890" }, "c1"),
      "invalid_argument",
    );
    const viaApi = await api("complete", {
      token: tokenA,
      password: NEW_PASSWORD,
      productId: "67890",
    });
    expect(viaApi.body.error.code).toBe("invalid_argument");

    expect(await verifyReset(services, { token: tokenA }, "c1")).toMatchObject({
      productId: "12345",
      email: "a•••@example.com",
    });
    await completeReset(services, { token: tokenA, password: NEW_PASSWORD }, "c1");
    expect((await puts()).map((r) => r.path)).toEqual([
      "/v1/products/12345/customers/alice%40example.com",
    ]);
    expect(await particleLogin("alice@example.com", NEW_PASSWORD)).toBe(200);
    // Same email, other product: untouched.
    expect(
      await particleLogin("alice@example.com", "alice-other-product", OTHER_WIDGET_CLIENT),
    ).toBe(200);
    expect(await particleLogin("alice@example.com", NEW_PASSWORD, OTHER_WIDGET_CLIENT)).toBe(400);
  });

  it("links for the same email in two products are independent: neither supersedes the other", async () => {
    const services = inProcessServices({ config, secrets });
    const tokenA = await deliverInProcess(services, "alice@example.com", "12345");
    const tokenB = await deliverInProcess(services, "alice@example.com", "67890");
    expect((await tokenDoc(tokenA).get()).get("state")).toBe("live");
    expect((await verifyReset(services, { token: tokenB }, "c1")).productId).toBe("67890");

    await completeReset(services, { token: tokenB, password: NEW_PASSWORD }, "c1");
    expect((await puts()).map((r) => r.path)).toEqual([
      "/v1/products/67890/customers/alice%40example.com",
    ]);
    expect(await particleLogin("alice@example.com", NEW_PASSWORD, OTHER_WIDGET_CLIENT)).toBe(200);
    expect(await particleLogin("alice@example.com", "correct-horse-battery")).toBe(200);
    expect((await tokenDoc(tokenA).get()).get("state")).toBe("live");
  });

  it("a token for a product the deployment no longer serves is revoked without calling Particle", async () => {
    const tokenB = await deliverInProcess(
      inProcessServices({ config, secrets }),
      "dave@example.com",
      "67890",
    );
    const onlyA = inProcessServices({ config: stackConfig({}, { products: [] }), secrets });
    await expectResetError(
      completeReset(onlyA, { token: tokenB, password: NEW_PASSWORD }, "c1"),
      "token_invalid",
    );
    expect((await tokenDoc(tokenB).get()).get("state")).toBe("revoked");
    expect(await puts()).toEqual([]);
  });

  it("logs no email, token or password while doing so", () => {
    const logged = JSON.stringify(logs);
    for (const secret of [
      "alice@example.com",
      "dave@example.com",
      NEW_PASSWORD,
      ...Object.values(DEMO_SECRETS),
    ]) {
      expect(logged).not.toContain(secret);
    }
  });
});

describe("expiry (in-process, injected clock)", () => {
  beforeAll(() => captureHandlerLogs());
  afterAll(() => jest.restoreAllMocks());

  it("holds to the second: usable one second (and one millisecond) before expiresAt, token_expired at it and after", async () => {
    const issuedAt = new Date("2031-03-04T05:06:07.000Z");
    let now = issuedAt;
    const tasks = recordingTasks();
    const services: Services = inProcessServices({ config: stackConfig(), now: () => now, tasks });
    const token = await deliverInProcess(services, "bob@example.com", "12345");

    const expiresAt = issuedAt.getTime() + 30 * 60 * 1000;
    const stored = await tokenDoc(token).get();
    expect((stored.get("expiresAt") as Timestamp).toMillis()).toBe(expiresAt);

    const at = (ms: number) => (now = new Date(ms));
    at(expiresAt - 1000);
    expect((await verifyReset(services, { token }, "c1")).expiresAt).toBe(
      new Date(expiresAt).toISOString(),
    );
    at(expiresAt - 1);
    await verifyReset(services, { token }, "c1");
    for (const late of [expiresAt, expiresAt + 1, expiresAt + 1000]) {
      at(late);
      await expectResetError(verifyReset(services, { token }, "c1"), "token_expired");
      await expectResetError(
        completeReset(services, { token, password: NEW_PASSWORD }, "c1"),
        "token_expired",
      );
    }
    expect(await puts()).toEqual([]);
    expect((await tokenDoc(token).get()).get("state")).toBe("live");

    at(expiresAt - 1000);
    await expect(completeReset(services, { token, password: NEW_PASSWORD }, "c1")).resolves.toEqual(
      {
        ok: true,
      },
    );
    expect(await puts()).toHaveLength(1);
    expect(tasks.tasks.map((t) => t.queue)).toEqual(["deliverPasswordChangedMail"]);
  });
});
