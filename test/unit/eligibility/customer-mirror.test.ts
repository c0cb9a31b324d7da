import { BUCKETS, bucketOf, memberKey } from "../../../functions/src/eligibility/customer-mirror";
import { recordKeys } from "../../../functions/src/privacy/record-key";

const keys = recordKeys("a-record-key-secret-for-unit-tests-only");

describe("customer mirror keys", () => {
  it("are 128-bit hex keys of product and email, whatever the email's case", () => {
    const key = memberKey(keys, "12345", "Alice@Example.com");
    expect(key).toMatch(/^[0-9a-f]{32}$/);
    expect(memberKey(keys, "12345", "alice@example.com")).toBe(key);
    expect(memberKey(keys, "67890", "alice@example.com")).not.toBe(key);
    expect(key).not.toContain("alice");
  });

  it("spread 100,000 customers over all 1,024 buckets, none holding more than twice its share", () => {
    const counts = new Array<number>(BUCKETS).fill(0);
    for (let n = 1; n <= 100_000; n++)
      counts[bucketOf(memberKey(keys, "1", `c${n}@example.com`))]++;
    expect(counts.every((count) => count > 0)).toBe(true);
    expect(Math.max(...counts)).toBeLessThan((2 * 100_000) / BUCKETS);
  });
});
