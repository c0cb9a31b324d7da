/**
 * The list prices figure 8 multiplies figure 6's counts by, in US dollars, one place for all of
 * them: each with the page it comes from. All were read on READ_ON (from stored copies of the
 * pages, which may lag the live ones); README's Benchmark section repeats this table. Prices are
 * for us-central1 (Cloud Run Tier 1), where every function runs (functions/src/config/region.ts).
 */

export const READ_ON = "2026-12-01";

export interface Price {
  usd: number;
  /** How many units `usd` buys. */
  per: number;
  unit: string;
  source: string;
}

export interface FreeTier {
  amount: number;
  unit: string;
  period: "day" | "month";
  source: string;
}

const FIRESTORE_FREE = "https://cloud.google.com/firestore/pricing";
// The English page states its prices "for us-central1"; the location pricing table at
// https://firebase.google.com/docs/firestore/pricing gives the nam5 multi-region at twice these.
const FIRESTORE = "https://firebase.google.com/docs/firestore/standard-edition";
// The official page's request-based table was cut off after the vCPU price in the copy read; the
// GiB-second and request prices and the free tier match firebase-tools 15.34.2's own table
// (lib/deploy/functions/pricing.js, V2_RATES and V2_FREE_TIER, tier 1).
const CLOUD_RUN = "https://cloud.google.com/run/pricing";
const CLOUD_TASKS = "https://cloud.google.com/tasks/pricing";
// Only a third-party transcription of the page (github.com/api-evangelist/sendgrid,
// plans/sendgrid-plans-pricing.yml, read from the live page 2026-08-13) was available.
const SENDGRID = "https://www.twilio.com/en-us/products/email-api/pricing";
// Not found in the official page's stored copy; from third-party summaries of it.
const HOSTING = "https://firebase.google.com/pricing";

export const PRICES = {
  firestoreRead: { usd: 0.03, per: 100_000, unit: "document reads", source: FIRESTORE },
  firestoreWrite: { usd: 0.09, per: 100_000, unit: "document writes", source: FIRESTORE },
  // TTL deletes are billed like any delete, with no free quota.
  firestoreDelete: { usd: 0.01, per: 100_000, unit: "document deletes", source: FIRESTORE },
  // Request-based billing ("CPU only allocated during request processing"), what firebase deploy
  // sets up, rounded up to the nearest 100 ms of billable instance time.
  runVcpu: { usd: 0.000024, per: 1, unit: "vCPU-seconds", source: CLOUD_RUN },
  runMemory: { usd: 0.0000025, per: 1, unit: "GiB-seconds", source: CLOUD_RUN },
  runRequest: { usd: 0.4, per: 1_000_000, unit: "requests", source: CLOUD_RUN },
  // A billable operation is an API call (the enqueue) or a push delivery attempt, per 32 KB.
  tasksOperation: { usd: 0.4, per: 1_000_000, unit: "operations", source: CLOUD_TASKS },
  // Essentials 50K, the entry paid plan: $19.95 a month for up to 50,000 mails, so $0.000399 a
  // mail when the plan is used up; mails beyond it cost $0.0013 each.
  sendgridMail: { usd: 19.95, per: 50_000, unit: "mails (Essentials 50K)", source: SENDGRID },
  // Per GB, taken as 10^9 bytes (the larger charge, if the page means GiB).
  hostingTransfer: { usd: 0.15, per: 1e9, unit: "bytes sent", source: HOSTING },
} satisfies Record<string, Price>;

export type Priced = keyof typeof PRICES;

/** What each price's free tier covers. SendGrid has none: its free offer is a 60-day trial. */
export const FREE_TIERS: Partial<Record<Priced, FreeTier>> = {
  firestoreRead: { amount: 50_000, unit: "reads", period: "day", source: FIRESTORE_FREE },
  firestoreWrite: { amount: 20_000, unit: "writes", period: "day", source: FIRESTORE_FREE },
  // Not for TTL deletes, the only deletes a reset causes: they are left out of the free tier.
  firestoreDelete: { amount: 20_000, unit: "deletes", period: "day", source: FIRESTORE_FREE },
  runVcpu: { amount: 180_000, unit: "vCPU-seconds", period: "month", source: CLOUD_RUN },
  runMemory: { amount: 360_000, unit: "GiB-seconds", period: "month", source: CLOUD_RUN },
  runRequest: { amount: 2_000_000, unit: "requests", period: "month", source: CLOUD_RUN },
  tasksOperation: { amount: 1_000_000, unit: "operations", period: "month", source: CLOUD_TASKS },
  hostingTransfer: { amount: 360e6, unit: "bytes", period: "day", source: HOSTING },
};

/** Dollars for `units` of one price. */
export const dollars = (price: Priced, units: number) =>
  (units * PRICES[price].usd) / PRICES[price].per;

/** A free tier per month (daily ones × 30). */
export const freePerMonth = (tier: FreeTier) => tier.amount * (tier.period === "day" ? 30 : 1);
