/**
 * What `firebase deploy` would create, read from the manifest firebase-tools builds from the
 * code: one row per function. Adding a function means adding its row.
 */
import type { QueueName } from "../../../functions/src/contract/tasks";
import {
  DISPATCH_DEADLINE_SECONDS,
  MAX_DISPATCH_DEADLINE_SECONDS,
} from "../../../functions/src/tasks/queues";
import { buildFunctions, discoverBuild, type Build } from "../../support/manifest";
import { writeFileSync } from "node:fs";
import { join } from "node:path";
import { demoProducts, stackPorts } from "../../../dev/demo-config";

type Invoker = "public (callable)" | "public" | "private (task queue)";

interface Row {
  id: string;
  invoker: Invoker;
  secrets: string[];
  memoryMb: number;
  maxInstances: number;
  timeoutSeconds: number;
}

const REGION = "us-central1";
const PARTICLE = "PARTICLE_ACCESS_TOKEN";
const SENDGRID = "SENDGRID_API_KEY";
const RECORD_KEY = "RECORD_KEY_SECRET";

// prettier-ignore
const EXPECTED: Row[] = [
  { id: "requestPasswordReset",       invoker: "public (callable)",    secrets: [RECORD_KEY],                     memoryMb: 256, maxInstances: 20, timeoutSeconds: 30 },
  { id: "verifyPasswordReset",        invoker: "public (callable)",    secrets: [RECORD_KEY],                     memoryMb: 256, maxInstances: 20, timeoutSeconds: 30 },
  { id: "completePasswordReset",      invoker: "public (callable)",    secrets: [PARTICLE, RECORD_KEY],           memoryMb: 256, maxInstances: 20, timeoutSeconds: 60 },
  { id: "appLinks",                   invoker: "public",               secrets: [],                               memoryMb: 256, maxInstances: 20, timeoutSeconds: 10 },
  { id: "api",                        invoker: "public",               secrets: [PARTICLE, RECORD_KEY],           memoryMb: 256, maxInstances: 20, timeoutSeconds: 60 },
  { id: "deliverResetMail",           invoker: "private (task queue)", secrets: [PARTICLE, SENDGRID, RECORD_KEY], memoryMb: 256, maxInstances: 20, timeoutSeconds: 120 },
  { id: "syncCustomerMirror",         invoker: "private (task queue)", secrets: [PARTICLE, RECORD_KEY],           memoryMb: 512, maxInstances: 20, timeoutSeconds: 300 },
  { id: "deliverPasswordChangedMail", invoker: "private (task queue)", secrets: [SENDGRID],                       memoryMb: 256, maxInstances: 20, timeoutSeconds: 60 },
];

let build: Build;
/** The same code with the demo's products file, whose Other Widget has a token of its own. */
let withProducts: Build;

beforeAll(async () => {
  const compiled = await buildFunctions();
  try {
    build = await discoverBuild(compiled.dir);
    const file = join(compiled.dir, "demo-products.json");
    writeFileSync(file, JSON.stringify(demoProducts(stackPorts({}))));
    withProducts = await discoverBuild(compiled.dir, "demo-manifest", { PRODUCTS_FILE: file });
  } finally {
    compiled.remove();
  }
}, 120_000);

describe("deploy manifest", () => {
  it("has exactly the functions in the table", () => {
    expect(Object.keys(build.endpoints).sort()).toEqual(EXPECTED.map((row) => row.id).sort());
  });

  it.each(EXPECTED)("$id", (row) => {
    const endpoint = build.endpoints[row.id];
    expect(endpoint.platform).toBe("gcfv2");
    expect(endpoint.region).toEqual([REGION]);
    expect((endpoint.secretEnvironmentVariables ?? []).map((s) => s.key)).toEqual(row.secrets);
    expect(endpoint.availableMemoryMb).toBe(row.memoryMb);
    expect(endpoint.maxInstances).toBe(row.maxInstances);
    expect(endpoint.timeoutSeconds).toBe(row.timeoutSeconds);

    switch (row.invoker) {
      case "public (callable)":
        // firebase-tools grants allUsers the invoker role on every callable it deploys.
        expect(endpoint.callableTrigger).toEqual({});
        break;
      case "public":
        expect(endpoint.httpsTrigger).toEqual({ invoker: ["public"] });
        break;
      case "private (task queue)": {
        // No invoker: private, and a re-deploy leaves the service's IAM policy alone.
        expect(endpoint.taskQueueTrigger).toBeDefined();
        expect(endpoint.taskQueueTrigger).not.toHaveProperty("invoker");
        const deadline = DISPATCH_DEADLINE_SECONDS[row.id as QueueName];
        expect(deadline).toBeGreaterThan(row.timeoutSeconds);
        expect(deadline).toBeLessThanOrEqual(MAX_DISPATCH_DEADLINE_SECONDS);
        break;
      }
    }
  });

  it("a product's own Particle token secret is declared by exactly the functions that call Particle", () => {
    const secretsOf = (id: string) =>
      (withProducts.endpoints[id].secretEnvironmentVariables ?? []).map((s) => s.key);
    const OWN = "PARTICLE_ACCESS_TOKEN_OTHER_WIDGET";
    for (const row of EXPECTED) {
      const expected = row.secrets.flatMap((name) =>
        name === PARTICLE ? [PARTICLE, OWN] : [name],
      );
      expect([row.id, secretsOf(row.id)]).toEqual([row.id, expected]);
    }
  });

  it("every queue with a dispatch deadline is a deployed task queue function", () => {
    const queues = Object.keys(DISPATCH_DEADLINE_SECONDS).sort();
    const taskFunctions = Object.entries(build.endpoints)
      .filter(([, endpoint]) => endpoint.taskQueueTrigger)
      .map(([id]) => id)
      .sort();
    expect(queues).toEqual(taskFunctions);
  });
});
