import type { ParticleClient } from "./particle-client";

/**
 * Answers "is this email a customer of the product?" from Particle's customer list, which has no
 * filter by email: the whole list is paged through and cached briefly per product per instance.
 */
export interface CustomerDirectory {
  isCustomer(productId: string, email: string): Promise<boolean>;
}

const PER_PAGE = 100;
const MAX_PAGES = 500;

export function createCustomerDirectory(
  client: ParticleClient,
  options: { cacheTtlMs?: number; now?: () => number } = {},
): CustomerDirectory {
  const ttl = options.cacheTtlMs ?? 60_000;
  const now = options.now ?? Date.now;
  const cache = new Map<string, { emails: Promise<Set<string>>; loadedAt: number }>();

  async function load(productId: string): Promise<Set<string>> {
    const emails = new Set<string>();
    for (let page = 1, total = 1; page <= total && page <= MAX_PAGES; page++) {
      const result = await client.listCustomerEmails(productId, page, PER_PAGE);
      result.emails.forEach((email) => emails.add(email.toLowerCase()));
      total = result.totalPages;
    }
    return emails;
  }

  return {
    async isCustomer(productId, email) {
      let entry = cache.get(productId);
      if (!entry || now() - entry.loadedAt > ttl) {
        entry = { emails: load(productId), loadedAt: now() };
        cache.set(productId, entry);
        // A failed load must not be cached: the next request tries again.
        entry.emails.catch(() => cache.delete(productId));
      }
      return (await entry.emails).has(email.toLowerCase());
    },
  };
}
