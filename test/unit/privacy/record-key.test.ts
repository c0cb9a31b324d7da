/**
 * Record keys: HMAC-SHA256 under RECORD_KEY_SECRET, so that a Firestore export can't be reversed by
 * hashing candidate addresses; and the per-email limit's address, normalised under
 * ELIGIBILITY=anyone so that variants landing in one inbox share one budget.
 */
import { createHash, createHmac } from "node:crypto";
import fc from "fast-check";
import { ConfigError } from "../../../functions/src/config/config";
import {
  allowlistKey,
  rateLimitEmail,
  recordKeys,
} from "../../../functions/src/privacy/record-key";

const SECRET = "a-record-key-secret-for-unit-tests-only";
const keys = recordKeys(SECRET);
const sha256 = (text: string) => createHash("sha256").update(text, "utf8").digest("hex");

describe("record keys", () => {
  it("are HMAC-SHA256 of purpose, product and address under the secret (a known answer)", () => {
    const expected = createHmac("sha256", SECRET)
      .update("subject\n12345\nalice@example.com")
      .digest("hex");
    expect(keys.subject("12345", "alice@example.com", "particle")).toBe(expected);
    expect(keys.client("request", "203.0.113.9")).toBe(
      createHmac("sha256", SECRET).update("client\nrequest\n203.0.113.9").digest("hex"),
    );
  });

  it("are not the unsalted SHA-256 an export could be checked against", () => {
    fc.assert(
      fc.property(fc.emailAddress(), fc.ipV4(), (email, ip) => {
        expect(keys.subject("12345", email, "particle")).not.toBe(sha256(`12345\n${email}`));
        expect(keys.client("request", ip)).not.toBe(sha256(`request\n${ip}`));
        expect(keys.member("12345", email)).not.toBe(
          sha256(`12345\n${email.toLowerCase()}`).slice(0, 32),
        );
      }),
    );
  });

  it("change completely with the secret, and are hex digests, never the address", () => {
    const other = recordKeys("another-record-key-secret-for-tests");
    fc.assert(
      fc.property(fc.emailAddress(), (email) => {
        const key = keys.subject("12345", email, "particle");
        expect(key).toMatch(/^[0-9a-f]{64}$/);
        expect(other.subject("12345", email, "particle")).not.toBe(key);
        expect(key).not.toContain(email);
      }),
    );
    expect(other.version).not.toBe(keys.version);
    expect(recordKeys(SECRET).version).toBe(keys.version);
  });

  it("keep products, purposes and scopes apart", () => {
    expect(keys.subject("12345", "a@example.com", "particle")).not.toBe(
      keys.subject("67890", "a@example.com", "particle"),
    );
    expect(keys.client("request", "198.51.100.1")).not.toBe(keys.client("token", "198.51.100.1"));
    expect(keys.member("12345", "a@example.com")).not.toBe(
      keys.subject("12345", "a@example.com", "particle").slice(0, 32),
    );
  });

  it("member keys are 128 bits and ignore the address's case", () => {
    expect(keys.member("12345", "Alice@Example.com")).toMatch(/^[0-9a-f]{32}$/);
    expect(keys.member("12345", "Alice@Example.com")).toBe(
      keys.member("12345", "alice@example.com"),
    );
  });

  it("refuse a secret shorter than 32 characters, naming the setting", () => {
    expect(() => recordKeys("too-short")).toThrow(
      new ConfigError(
        "RECORD_KEY_SECRET",
        "must be at least 32 characters (openssl rand -base64 32)",
      ),
    );
  });

  it("the allowlist stays on plain SHA-256 (written offline by the import script)", () => {
    expect(allowlistKey("12345", "a@example.com")).toBe(sha256("12345\na@example.com"));
  });
});

/** Local parts without the characters the normalisation acts on. */
const plainLocal = fc.stringMatching(/^[a-z0-9_-]{1,20}$/);
const domain = fc.constantFrom("example.com", "mail.example.org", "outlook.com", "gmail.com");
/** The same string with random letters upper-cased. */
const anyCase = (text: string) =>
  fc
    .array(fc.boolean(), { minLength: text.length, maxLength: text.length })
    .map((upper) => [...text].map((c, i) => (upper[i] ? c.toUpperCase() : c)).join(""));
/** `local` with dots inserted at random places. */
const dotted = (local: string) =>
  fc
    .array(fc.boolean(), { minLength: local.length, maxLength: local.length })
    .map((dots) => [...local].map((c, i) => (dots[i] && i > 0 ? `.${c}` : c)).join(""));

describe("the per-email limit's address (rateLimitEmail)", () => {
  it("is idempotent in every mode", () => {
    fc.assert(
      fc.property(
        fc.emailAddress(),
        fc.constantFrom("anyone", "particle", "allowlist" as const),
        (email, mode) => {
          const once = rateLimitEmail(email, mode);
          expect(rateLimitEmail(once, mode)).toBe(once);
        },
      ),
    );
  });

  it("ignores case in every mode", () => {
    fc.assert(
      fc.property(
        plainLocal.chain((local) => anyCase(`${local}@example.com`)),
        fc.constantFrom("anyone", "particle", "allowlist" as const),
        (email, mode) => {
          expect(rateLimitEmail(email, mode)).toBe(rateLimitEmail(email.toLowerCase(), mode));
        },
      ),
    );
  });

  it("with ELIGIBILITY=anyone, drops a +tag for every domain", () => {
    fc.assert(
      fc.property(
        plainLocal,
        fc.stringMatching(/^[a-z0-9.+_-]{0,20}$/),
        domain,
        (local, tag, d) => {
          expect(rateLimitEmail(`${local}+${tag}@${d}`, "anyone")).toBe(
            rateLimitEmail(`${local}@${d}`, "anyone"),
          );
        },
      ),
    );
  });

  it("with ELIGIBILITY=anyone, drops the dots of Gmail addresses and reads googlemail.com as gmail.com", () => {
    fc.assert(
      fc.property(
        plainLocal.chain((local) => fc.tuple(fc.constant(local), dotted(local))),
        fc.constantFrom("gmail.com", "googlemail.com", "GoogleMail.com"),
        ([local, withDots], d) => {
          expect(rateLimitEmail(`${withDots}@${d}`, "anyone")).toBe(`${local}@gmail.com`);
        },
      ),
    );
    expect(rateLimitEmail("V.W+1@GoogleMail.com", "anyone")).toBe("vw@gmail.com");
  });

  it("keeps the dots of other domains, which may be different mailboxes", () => {
    expect(rateLimitEmail("v.w@example.com", "anyone")).toBe("v.w@example.com");
    expect(rateLimitEmail("v.w@example.com", "anyone")).not.toBe(
      rateLimitEmail("vw@example.com", "anyone"),
    );
  });

  it("under particle and allowlist only lowercases: v+1@ is another customer than v@", () => {
    fc.assert(
      fc.property(plainLocal, plainLocal, (local, tag) => {
        for (const mode of ["particle", "allowlist"] as const) {
          expect(rateLimitEmail(`${local}+${tag}@gmail.com`, mode)).toBe(
            `${local}+${tag}@gmail.com`,
          );
        }
      }),
    );
    expect(rateLimitEmail("V.W@GMail.com", "particle")).toBe("v.w@gmail.com");
  });

  it("gives the variants one per-email record under ELIGIBILITY=anyone, and separate ones otherwise", () => {
    const variants = ["v@gmail.com", "V+1@gmail.com", "v+2@googlemail.com", "v.@gmail.com"];
    expect(new Set(variants.map((e) => keys.subject("12345", e, "anyone"))).size).toBe(1);
    expect(new Set(variants.map((e) => keys.subject("12345", e, "particle"))).size).toBe(4);
  });
});
