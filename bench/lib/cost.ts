/**
 * Figure 8: what 1,000 completed resets cost at list prices (bench/lib/prices.ts), from what
 * figure 6 counted in figure 4's run. Every component is counted or measured except the reset
 * page's load, which the benchmark does not perform and which is computed from the files Hosting
 * would send. Compute is given as a range: the low end bills the emulator's execution times as
 * they are, the high end rounds each invocation up to Cloud Run's 100 ms (an instance that serves
 * one request at a time, as at low traffic).
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import { gzipSync } from "node:zlib";
import { discoverBuild } from "../../test/support/manifest";
import type { FirestoreCounts } from "./firestore-counter";
import { dollars, FREE_TIERS, freePerMonth, PRICES, READ_ON, type Priced } from "./prices";
import type { FigureReport, Row } from "./report";

const ROOT = join(__dirname, "..", "..");

export interface FunctionResources {
  memoryMb: number;
  vcpu: number;
  /** A Cloud Tasks queue's function: each of its invocations is a push delivery attempt. */
  taskQueue: boolean;
}

interface BackendDefaults {
  DEFAULT_MEMORY: number;
  memoryToGen1Cpu(memoryMb: number): number;
  memoryToGen2Cpu(memoryMb: number): number;
}

/**
 * Memory and vCPUs of every function as `firebase deploy` creates it: the manifest of the
 * measured build, with the CPU firebase-tools fills in when the code sets none (1 vCPU up to
 * 2 GiB for 2nd gen; the 0.167 vCPU of a 256 MiB 1st-gen function only with cpu: "gcf_gen1").
 */
export async function functionResources(
  functionsDir: string,
): Promise<Record<string, FunctionResources>> {
  const build = await discoverBuild(functionsDir);
  // firebase-tools ships no type declarations for its internals; this is what its prepare step
  // (resolveCpuAndConcurrency) uses.
  // eslint-disable-next-line @typescript-eslint/no-require-imports
  const backend = require("firebase-tools/lib/deploy/functions/backend") as BackendDefaults;
  return Object.fromEntries(
    Object.entries(build.endpoints).map(([id, endpoint]) => {
      const memoryMb = endpoint.availableMemoryMb ?? backend.DEFAULT_MEMORY;
      const { cpu } = endpoint as { cpu?: number | "gcf_gen1" | null };
      const vcpu =
        cpu === "gcf_gen1"
          ? backend.memoryToGen1Cpu(memoryMb)
          : (cpu ?? backend.memoryToGen2Cpu(memoryMb));
      return [id, { memoryMb, vcpu, taskQueue: endpoint.taskQueueTrigger !== undefined }];
    }),
  );
}

/** The collections with a TTL policy (firestore.indexes.json): each document written expires. */
function ttlCollections(): Set<string> {
  const indexes = JSON.parse(readFileSync(join(ROOT, "firestore.indexes.json"), "utf8")) as {
    fieldOverrides?: Array<{ collectionGroup: string; ttl?: boolean }>;
  };
  return new Set((indexes.fieldOverrides ?? []).filter((o) => o.ttl).map((o) => o.collectionGroup));
}

/** Bytes Hosting sends for one load of the reset page: the page and what it loads, gzipped. */
function resetPageBytes(): { bytes: number; files: string[] } {
  const read = (path: string) => readFileSync(join(ROOT, "hosting", path));
  const files = ["reset.html"];
  const html = read("reset.html").toString("utf8");
  // Its script is one bundle (scripts/build-hosting.ts), which `npm run bench` builds first.
  for (const match of html.matchAll(/(?:src|href)="\/(assets\/[^"]+)"/g)) files.push(match[1]);
  const unique = [...new Set(files)];
  return { bytes: unique.reduce((sum, f) => sum + gzipSync(read(f)).length, 0), files: unique };
}

export interface CostInputs {
  completed: number;
  firestore: FirestoreCounts;
  invocations: Record<string, number>;
  /** Execution times the emulator logged, ms, by function. */
  executionMs: Record<string, number[]>;
  resources: Record<string, FunctionResources>;
  tasksEnqueued: number;
  mails: number;
}

/** Billable seconds of one invocation, as measured (low) or rounded up to 100 ms (high). */
const billed = (ms: number, high: boolean) => (high ? Math.ceil(ms / 100) / 10 : ms / 1000);

const fmtUsd = (usd: number) => `$${usd < 0.1 ? usd.toFixed(4) : usd.toFixed(3)}`;
const fmtRange = (low: number, high: number) =>
  fmtUsd(low) === fmtUsd(high) ? fmtUsd(low) : `${fmtUsd(low)}–${fmtUsd(high)}`;
const fmtCount = (n: number) => Math.round(n).toLocaleString("en-US");

export function costFigure(input: CostInputs): FigureReport {
  const n = input.completed;
  const scale = 1000 / n;
  const { firestore, resources } = input;
  const ttl = ttlCollections();
  const ttlDeletes = Object.entries(firestore.documentsWritten)
    .filter(([collection]) => ttl.has(collection))
    .reduce((sum, [, count]) => sum + count, 0);

  // Compute, per function: vCPU-seconds and GiB-seconds at each end of the range.
  const unknown = Object.keys(input.executionMs).filter((f) => !resources[f]);
  const seconds = (high: boolean) => {
    let vcpu = 0;
    let memory = 0;
    for (const [fn, times] of Object.entries(input.executionMs)) {
      const r = resources[fn];
      if (!r) continue;
      for (const ms of times) {
        vcpu += billed(ms, high) * r.vcpu;
        memory += (billed(ms, high) * r.memoryMb) / 1024;
      }
    }
    return { vcpu, memory };
  };
  const timed = Object.values(input.executionMs).reduce((sum, t) => sum + t.length, 0);
  const invoked = Object.values(input.invocations).reduce((sum, c) => sum + c, 0);
  const attempts = Object.entries(input.invocations)
    .filter(([fn]) => resources[fn]?.taskQueue)
    .reduce((sum, [, c]) => sum + c, 0);

  // The reset page's load, which the benchmark skips: its files, and its page-config call, one
  // more `api` request, billed like the mean measured `api` invocation.
  const page = resetPageBytes();
  const apiTimes = input.executionMs.api ?? [];
  const apiResources = resources.api;
  const pageConfig = (high: boolean) =>
    apiTimes.length && apiResources
      ? (apiTimes.reduce((sum, ms) => sum + billed(ms, high), 0) / apiTimes.length) * n
      : 0;
  const pageCompute = (high: boolean) =>
    apiResources
      ? dollars("runVcpu", pageConfig(high) * apiResources.vcpu) +
        dollars("runMemory", (pageConfig(high) * apiResources.memoryMb) / 1024)
      : 0;

  const low = seconds(false);
  const high = seconds(true);
  const components = {
    firestore:
      dollars("firestoreRead", firestore.reads) +
      dollars("firestoreWrite", firestore.writes) +
      dollars("firestoreDelete", firestore.deletes + ttlDeletes),
    computeLow: dollars("runVcpu", low.vcpu) + dollars("runMemory", low.memory),
    computeHigh: dollars("runVcpu", high.vcpu) + dollars("runMemory", high.memory),
    requests: dollars("runRequest", invoked),
    tasks: dollars("tasksOperation", input.tasksEnqueued + attempts),
    sendgrid: dollars("sendgridMail", input.mails),
    pageLow:
      dollars("hostingTransfer", page.bytes * n) + pageCompute(false) + dollars("runRequest", n),
    pageHigh:
      dollars("hostingTransfer", page.bytes * n) + pageCompute(true) + dollars("runRequest", n),
  };
  const fixed = components.firestore + components.requests + components.tasks + components.sendgrid;
  const totalLow = (fixed + components.computeLow + components.pageLow) * scale;
  const totalHigh = (fixed + components.computeHigh + components.pageHigh) * scale;

  // How many resets a month the free tiers cover, component by component (compute at the high
  // end; TTL deletes have no free tier and are priced separately).
  const perReset: Partial<Record<Priced, number>> = {
    firestoreRead: firestore.reads / n,
    firestoreWrite: firestore.writes / n,
    firestoreDelete: firestore.deletes / n,
    runVcpu: (high.vcpu + (apiResources ? pageConfig(true) * apiResources.vcpu : 0)) / n,
    runMemory:
      (high.memory + (apiResources ? (pageConfig(true) * apiResources.memoryMb) / 1024 : 0)) / n,
    runRequest: (invoked + n) / n,
    tasksOperation: (input.tasksEnqueued + attempts) / n,
    hostingTransfer: page.bytes,
  };
  const covered = (Object.entries(perReset) as Array<[Priced, number]>)
    .filter(([price, use]) => use > 0 && FREE_TIERS[price])
    .map(([price, use]) => {
      const tier = FREE_TIERS[price]!;
      return { price, tier, use, resets: Math.floor(freePerMonth(tier) / use) };
    })
    .sort((a, b) => a.resets - b.resets);
  const binding = covered[0];
  const ttlUsd = dollars("firestoreDelete", ttlDeletes) * scale;
  const sendgridPlanResets = Math.floor(PRICES.sendgridMail.per / (input.mails / n));

  const per = (count: number) => fmtCount(count * scale);
  const rows: Row[] = [
    {
      metric: "total per 1,000 completed resets",
      value: `${fmtRange(totalLow, totalHigh)}  (SendGrid ${Math.floor((components.sendgrid * scale * 100) / totalHigh)}% or more of it)`,
    },
    {
      metric: "  Firestore",
      value: `${fmtUsd(components.firestore * scale)}  (${per(firestore.reads)} reads, ${per(firestore.writes)} writes, ${firestore.deletes ? `${per(firestore.deletes)} deletes, ` : ""}${per(ttlDeletes)} TTL deletes)`,
    },
    {
      metric: "  Cloud Run compute (vCPU + memory)",
      value: `${fmtRange(components.computeLow * scale, components.computeHigh * scale)}  (${(low.vcpu * scale).toFixed(0)}–${(high.vcpu * scale).toFixed(0)} vCPU-s, ${(low.memory * scale).toFixed(0)}–${(high.memory * scale).toFixed(0)} GiB-s)`,
    },
    {
      metric: "  Cloud Run requests",
      value: `${fmtUsd(components.requests * scale)}  (${per(invoked)} invocations)`,
    },
    {
      metric: "  Cloud Tasks",
      value: `${fmtUsd(components.tasks * scale)}  (${per(input.tasksEnqueued)} enqueues + ${per(attempts)} delivery attempts)`,
    },
    {
      metric: "  SendGrid",
      value: `${fmtUsd(components.sendgrid * scale)}  (${per(input.mails)} mails, Essentials 50K used up)`,
    },
    {
      metric: "  reset page load (computed, not run)",
      value: `${fmtRange(components.pageLow * scale, components.pageHigh * scale)}  (${(page.bytes / 1024).toFixed(1)} kB gzipped × 1,000 + 1,000 page-config calls)`,
    },
    {
      metric: "free tiers (Google Cloud, per month)",
      value: binding
        ? `the first ${fmtCount(binding.resets)} resets a month cost $0 apart from TTL deletes (${fmtUsd(ttlUsd)} per 1,000); the limit: ${binding.tier.amount.toLocaleString("en-US")} free ${binding.tier.unit} a ${binding.tier.period}${binding.tier.period === "day" ? ` (${fmtCount(Math.floor(binding.tier.amount / binding.use))} resets a day)` : ""}`
        : "n/a",
    },
    {
      metric: "  SendGrid (no free tier)",
      value: `$${PRICES.sendgridMail.usd} a month whatever the volume, for up to ${fmtCount(sendgridPlanResets)} resets; then $0.0013 a mail`,
    },
  ];
  const notes = [
    `list prices in US$ read ${READ_ON} (bench/lib/prices.ts, README), us-central1 / Cloud Run Tier 1, request-based billing, no committed-use discounts`,
    `vCPU and memory per function from the build's deploy manifest: ${Object.entries(resources)
      .map(([fn, r]) => `${fn} ${r.memoryMb} MiB / ${r.vcpu} vCPU`)
      .join(", ")}`,
    "compute: the emulator's execution times on this machine (its Firestore round trips are slower than production's); cold starts (billed too) not included; concurrent requests on one instance would share the billed time",
    "TTL deletes: one per distinct document written in a collection with a TTL policy (firestore.indexes.json); Firestore location us-central1 (nam5 would double the Firestore line)",
    "not counted: the API answers Hosting relays (a few hundred bytes each), Secret Manager reads (once per instance start), Cloud Logging, storage of the few kB each reset leaves until TTL deletes it",
  ];
  if (unknown.length || timed !== invoked) {
    notes.push(
      `execution times for ${timed} of ${invoked} invocations${unknown.length ? `; no manifest entry for ${unknown.join(", ")}` : ""}`,
    );
  }
  return {
    id: "8",
    title: "Cost in US$ per 1,000 completed resets, at list prices, from figure 6's counts",
    samples: `${n} completed resets (figure 4's run), scaled to 1,000`,
    rows,
    notes,
    data: {
      pricesReadOn: READ_ON,
      prices: PRICES,
      freeTiers: FREE_TIERS,
      resources,
      perThousand: {
        totalLow,
        totalHigh,
        ...Object.fromEntries(Object.entries(components).map(([k, v]) => [k, v * scale])),
      },
      counts: {
        firestoreReads: firestore.reads,
        firestoreWrites: firestore.writes,
        firestoreDeletes: firestore.deletes,
        ttlDeletes,
        invocations: invoked,
        vcpuSeconds: { low: low.vcpu, high: high.vcpu },
        gibSeconds: { low: low.memory, high: high.memory },
        tasksEnqueued: input.tasksEnqueued,
        taskAttempts: attempts,
        mails: input.mails,
      },
      resetPage: page,
      freeTierResetsPerMonth: Object.fromEntries(covered.map((c) => [c.price, c.resets])),
      sendgridPlanResets,
    },
  };
}
