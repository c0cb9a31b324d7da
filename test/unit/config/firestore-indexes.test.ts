/**
 * Counter and member fields are written on every request and grow with the traffic: exempt from
 * indexing, they cost one write each instead of one index entry per element, and can never hit
 * Firestore's 40,000 index entries per document
 * (https://firebase.google.com/docs/firestore/quotas#indexes). TTL fields only delete.
 */
import { readFileSync } from "node:fs";
import path from "node:path";
import { COLLECTIONS } from "../../../functions/src/firestore";

interface FieldOverride {
  collectionGroup: string;
  fieldPath: string;
  ttl?: boolean;
  indexes: unknown[];
}

const { fieldOverrides } = JSON.parse(
  readFileSync(path.join(__dirname, "../../../firestore.indexes.json"), "utf8"),
) as { fieldOverrides: FieldOverride[] };

const unindexed = (group: string, field: string) =>
  fieldOverrides.find((o) => o.collectionGroup === group && o.fieldPath === field)?.indexes;

describe("firestore.indexes.json", () => {
  it.each([
    [COLLECTIONS.rateLimits, "hits"],
    [COLLECTIONS.subjects, "sends"],
    [COLLECTIONS.subjects, "live"],
    [COLLECTIONS.tokens, "siblings"],
    [COLLECTIONS.subjects, "requests"],
    [COLLECTIONS.tokens, "sendgrid"],
    ["buckets", "members"],
    ["staging", "members"],
  ])("%s.%s is not indexed", (group, field) => {
    expect(unindexed(group, field)).toEqual([]);
  });

  it.each([
    [COLLECTIONS.tokens, "purgeAt"],
    [COLLECTIONS.subjects, "expiresAt"],
    [COLLECTIONS.rateLimits, "expiresAt"],
  ])("%s expires through a TTL policy on %s, itself unindexed", (group, field) => {
    expect(fieldOverrides).toContainEqual({
      collectionGroup: group,
      fieldPath: field,
      ttl: true,
      indexes: [],
    });
  });

  // A token's expiresAt is checked in code; its record stays for support until purgeAt.
  it("resetTokens.expiresAt is no TTL field (the record outlives the link)", () => {
    expect(fieldOverrides).toContainEqual({
      collectionGroup: COLLECTIONS.tokens,
      fieldPath: "expiresAt",
      indexes: [],
    });
  });
});
