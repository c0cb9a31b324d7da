/**
 * The per-client limits are keyed by the address the trusted front end appended, not by what the
 * client wrote into X-Forwarded-For. Locally the Hosting emulator appends nothing and the stack
 * trusts one hop (dev/demo-config.ts), so these requests carry the header as production's front
 * end would pass it on: `<whatever the client wrote>, <the address the front end saw>`.
 */
import {
  api,
  callCallable,
  mapConcurrent,
  requestTokenByMail,
  resetAll,
} from "../../support/stack";

const NEW_PASSWORD = "lamp-glow-at-midnight-42";
const VICTIM = "198.51.100.23";
const ATTACKER = "203.0.113.180";
/** The header an attacker's forged entry arrives with, after the front end appended the truth. */
const forging = (forged: string, seen = ATTACKER) => ({ client: `${forged}, ${seen}` });

beforeEach(resetAll);

describe("forged X-Forwarded-For entries", () => {
  it("do not spend the victim's quota: 60 failed checks claiming the victim's address leave the victim's link working", async () => {
    const real = await requestTokenByMail("carol@example.com");
    const guesses = await mapConcurrent(Array.from({ length: 60 }), 10, (_, i) =>
      api("verify", { token: "C".repeat(42) + String(i % 10) }, forging(VICTIM)),
    );
    expect(guesses.map((r) => r.status)).toEqual(Array(60).fill(400));

    // The attacker's own address is what got limited (a real link works from any client, so
    // the limit shows on the next failed check) …
    const limited = await api("verify", { token: "F".repeat(43) }, forging(VICTIM));
    expect(limited.status).toBe(429);
    expect(limited.body.error.code).toBe("rate_limited");
    // … while the victim, whose address was claimed 60 times, still has every check of its own …
    const mistyped = await api("verify", { token: "G".repeat(43) }, { client: VICTIM });
    expect(mistyped.status).toBe(400);
    expect(mistyped.body.error.code).toBe("token_invalid");
    // … and opens and uses the link.
    expect((await api("verify", { token: real }, { client: VICTIM })).status).toBe(200);
    const done = await api("complete", { token: real, password: NEW_PASSWORD }, { client: VICTIM });
    expect(done.status).toBe(200);
  });

  it("do not escape the client's own limit: a new forged address on every request is still the same client", async () => {
    const guesses = await mapConcurrent(Array.from({ length: 60 }), 10, (_, i) =>
      api("verify", { token: "D".repeat(43) }, forging(`192.0.2.${i + 1}`)),
    );
    expect(guesses.map((r) => r.status)).toEqual(Array(60).fill(400));
    const next = await api("verify", { token: "E".repeat(43) }, forging("192.0.2.250"));
    expect(next.status).toBe(429);
    expect(next.body.error.code).toBe("rate_limited");
  });

  it("do not escape the request limit on the callable either (20 per client, rawRequest's header)", async () => {
    const answers = await mapConcurrent(Array.from({ length: 21 }), 1, (_, i) =>
      callCallable({ email: `nobody-${i}@example.com` }, forging(`192.0.2.${i + 1}`)),
    );
    expect(answers.slice(0, 20).map((r) => r.status)).toEqual(Array(20).fill(200));
    expect(answers[20].status).toBe(429);
    expect(answers[20].body.error.details.code).toBe("rate_limited");
    // Someone whose address was forged in every one of them is not limited.
    const victim = await callCallable({ email: "nobody@example.com" }, { client: "192.0.2.1" });
    expect(victim.status).toBe(200);
  });
});
