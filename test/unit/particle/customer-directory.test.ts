import { createCustomerDirectory } from "../../../functions/src/particle/customer-directory";
import {
  ParticleError,
  type ParticleClient,
} from "../../../functions/src/particle/particle-client";

function fakeClient(pages: string[][]) {
  const calls: Array<{ page: number; perPage: number }> = [];
  let failNext = false;
  const client: ParticleClient = {
    async listCustomerEmails(_productId, page, perPage) {
      calls.push({ page, perPage });
      if (failNext) {
        failNext = false;
        throw new ParticleError(503, "Service Unavailable");
      }
      return { emails: pages[page - 1] ?? [], totalPages: pages.length };
    },
    setCustomerPassword: () => Promise.reject(new Error("unused")),
    getProduct: () => Promise.reject(new Error("unused")),
  };
  return { client, calls, failOnce: () => (failNext = true) };
}

describe("customer directory", () => {
  it("pages through the whole list and matches case-insensitively", async () => {
    const fake = fakeClient([["a@x.io", "B@x.io"], ["c@x.io"]]);
    const directory = createCustomerDirectory(fake.client);
    expect(await directory.isCustomer("1", "b@x.io")).toBe(true);
    expect(await directory.isCustomer("1", "C@X.IO")).toBe(true);
    expect(await directory.isCustomer("1", "d@x.io")).toBe(false);
    expect(fake.calls).toEqual([
      { page: 1, perPage: 100 },
      { page: 2, perPage: 100 },
    ]);
  });

  it("caches the list briefly, then reloads it", async () => {
    let now = 0;
    const fake = fakeClient([["a@x.io"]]);
    const directory = createCustomerDirectory(fake.client, { cacheTtlMs: 60_000, now: () => now });
    await directory.isCustomer("1", "a@x.io");
    now = 59_000;
    await directory.isCustomer("1", "a@x.io");
    expect(fake.calls).toHaveLength(1);
    now = 61_000;
    await directory.isCustomer("1", "a@x.io");
    expect(fake.calls).toHaveLength(2);
  });

  it("does not cache a failed load", async () => {
    const fake = fakeClient([["a@x.io"]]);
    const directory = createCustomerDirectory(fake.client);
    fake.failOnce();
    await expect(directory.isCustomer("1", "a@x.io")).rejects.toBeInstanceOf(ParticleError);
    expect(await directory.isCustomer("1", "a@x.io")).toBe(true);
  });
});
