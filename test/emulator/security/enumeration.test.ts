/**
 * Account enumeration: the request answer must not tell a known customer from an unknown email
 * or from an email that has hit its per-email limit, byte for byte (status, headers, body), on
 * the web endpoint and on the callable. (Timing is measured by the benchmark, not asserted here.)
 */
import {
  callCallable,
  logMark,
  requestReset,
  resetAll,
  waitForLog,
  waitForMail,
  type ApiResponse,
} from "../../support/stack";

/** Headers that legitimately differ between any two responses. */
const VARYING = new Set(["date", "x-cloud-trace-context", "traceparent", "function-execution-id"]);

/** Status, every header (except the per-response ones) and the exact body bytes. */
function fingerprint(response: ApiResponse): string {
  const headers: string[] = [];
  response.headers.forEach((value, name) => {
    if (!VARYING.has(name.toLowerCase())) headers.push(`${name.toLowerCase()}: ${value}`);
  });
  headers.sort();
  return [String(response.status), ...headers, "", response.text].join("\n");
}

let clientNo = 0;
const client = () => `198.18.7.${++clientNo}`;

/** Uses up bob's per-email limit (3 mails an hour), so his next request is limited in the queue. */
async function exhaustBobsLimit(): Promise<number> {
  const mark = logMark();
  for (let i = 0; i < 3; i++) await requestReset("bob@example.com", {}, client());
  await waitForMail("bob@example.com", 3);
  return mark;
}

beforeEach(resetAll);

describe("no account enumeration", () => {
  it("POST /request answers a known, an unknown and a rate-limited email byte for byte alike", async () => {
    const mark = await exhaustBobsLimit();
    const known = await requestReset("alice@example.com", {}, client());
    const unknown = await requestReset("nobody@example.com", {}, client());
    const limited = await requestReset("bob@example.com", {}, client());
    await waitForLog(mark, "reset.email_rate_limited");
    await waitForLog(mark, "reset.not_eligible");

    expect(known.status).toBe(200);
    expect(fingerprint(unknown)).toBe(fingerprint(known));
    expect(fingerprint(limited)).toBe(fingerprint(known));
    // Spelling variants of the same address are not a side channel either.
    const variant = await requestReset("  ALICE@Example.COM ", {}, client());
    expect(fingerprint(variant)).toBe(fingerprint(known));
    await waitForMail("alice@example.com", 2);
  });

  it("the callable answers a known, an unknown and a rate-limited email byte for byte alike", async () => {
    const mark = await exhaustBobsLimit();
    const known = await callCallable({ email: "carol@example.com" }, { client: client() });
    const unknown = await callCallable({ email: "nobody@example.com" }, { client: client() });
    const limited = await callCallable({ email: "bob@example.com" }, { client: client() });
    await waitForLog(mark, "reset.email_rate_limited");
    await waitForLog(mark, "reset.not_eligible");

    expect(known.status).toBe(200);
    expect(fingerprint(unknown)).toBe(fingerprint(known));
    expect(fingerprint(limited)).toBe(fingerprint(known));
    await waitForMail("carol@example.com");
  });

  it("a client over its own limit gets the same 429 for known and unknown emails", async () => {
    const attacker = "203.0.113.99";
    for (let i = 0; i < 20; i++) {
      expect((await requestReset(`someone${i}@example.com`, {}, attacker)).status).toBe(200);
    }
    const known = await requestReset("alice@example.com", {}, attacker);
    const unknown = await requestReset("nobody@example.com", {}, attacker);
    expect(known.status).toBe(429);
    expect(unknown.text).toBe(known.text);
    expect(unknown.status).toBe(known.status);
    // Retry-After counts down with the clock; allow the second that may tick between the two.
    const retryAfter = (r: ApiResponse) => Number(r.headers.get("retry-after"));
    expect(Math.abs(retryAfter(unknown) - retryAfter(known))).toBeLessThanOrEqual(1);
  });
});
