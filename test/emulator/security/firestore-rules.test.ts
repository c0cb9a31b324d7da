/**
 * Firestore security rules: the project's real firestore.rules, loaded into the stack's Firestore
 * emulator under a separate project id (so the stack's own data is untouched), deny every client
 * read and write, signed in or not, on every collection the project uses and on any other.
 */
import { readFileSync } from "node:fs";
import { join } from "node:path";
import {
  assertFails,
  assertSucceeds,
  initializeTestEnvironment,
  type RulesTestEnvironment,
} from "@firebase/rules-unit-testing";
import {
  addDoc,
  collection,
  collectionGroup,
  deleteDoc,
  doc,
  getDoc,
  getDocs,
  query,
  setDoc,
  setLogLevel,
  updateDoc,
  where,
  writeBatch,
  type Firestore,
} from "firebase/firestore";
import { COLLECTIONS } from "../../../functions/src/firestore";

const RULES_PROJECT = "demo-rules-test";
const COLLECTION_NAMES = [
  ...Object.values(COLLECTIONS),
  `random-${Math.random().toString(36).slice(2)}`,
];

let env: RulesTestEnvironment;

beforeAll(async () => {
  // Every denied write would otherwise print a gRPC warning.
  setLogLevel("silent");
  const [host, port] = (process.env.FIRESTORE_EMULATOR_HOST ?? "").split(":");
  if (!host || !port) throw new Error("FIRESTORE_EMULATOR_HOST is not set: run through the stack");
  env = await initializeTestEnvironment({
    projectId: RULES_PROJECT,
    firestore: {
      rules: readFileSync(join(__dirname, "../../../firestore.rules"), "utf8"),
      host,
      port: Number(port),
    },
  });
});

beforeEach(async () => {
  await env.clearFirestore();
  // Real-looking data in every collection, written past the rules (as the Admin SDK does).
  await env.withSecurityRulesDisabled(async (context) => {
    const db = context.firestore();
    for (const name of COLLECTION_NAMES) {
      await setDoc(doc(db, name, "existing"), {
        email: "alice@example.com",
        state: "live",
        productId: "12345",
      });
    }
  });
});

afterAll(async () => {
  await env?.clearFirestore();
  await env?.cleanup();
});

const clients: Array<[string, () => Firestore]> = [
  [
    "an unauthenticated client",
    () => env.unauthenticatedContext().firestore() as unknown as Firestore,
  ],
  [
    "a signed-in client",
    () =>
      env
        .authenticatedContext("alice-uid", { email: "alice@example.com" })
        .firestore() as unknown as Firestore,
  ],
  [
    "a signed-in client with an admin claim",
    () =>
      env
        .authenticatedContext("mallory-uid", { admin: true, role: "admin" })
        .firestore() as unknown as Firestore,
  ],
];

describe("firestore.rules", () => {
  it("lets the Admin SDK path (rules disabled) read what was seeded, so the denials below are real", async () => {
    await env.withSecurityRulesDisabled(async (context) => {
      const db = context.firestore();
      for (const name of COLLECTION_NAMES) {
        await assertSucceeds(getDoc(doc(db, name, "existing")));
      }
    });
  });

  describe.each(clients)("%s", (_, firestore) => {
    it.each(COLLECTION_NAMES)("can neither read nor list nor query %s", async (name) => {
      const db = firestore();
      await assertFails(getDoc(doc(db, name, "existing")));
      await assertFails(getDoc(doc(db, name, "missing")));
      await assertFails(getDocs(collection(db, name)));
      await assertFails(
        getDocs(query(collection(db, name), where("email", "==", "alice@example.com"))),
      );
      await assertFails(getDocs(collectionGroup(db, name)));
    });

    it.each(COLLECTION_NAMES)(
      "can neither create, update, overwrite nor delete in %s",
      async (name) => {
        const db = firestore();
        await assertFails(setDoc(doc(db, name, "new"), { state: "live" }));
        await assertFails(addDoc(collection(db, name), { state: "live" }));
        await assertFails(setDoc(doc(db, name, "existing"), { state: "used" }));
        await assertFails(updateDoc(doc(db, name, "existing"), { state: "used" }));
        await assertFails(deleteDoc(doc(db, name, "existing")));
        const batch = writeBatch(db);
        batch.set(doc(db, name, "batched"), { state: "live" });
        await assertFails(batch.commit());
      },
    );
  });

  it("left the seeded documents exactly as they were", async () => {
    for (const [, firestore] of clients) {
      const db = firestore();
      for (const name of COLLECTION_NAMES) {
        await assertFails(updateDoc(doc(db, name, "existing"), { state: "used" }));
      }
    }
    await env.withSecurityRulesDisabled(async (context) => {
      for (const name of COLLECTION_NAMES) {
        const snapshot = await getDoc(doc(context.firestore(), name, "existing"));
        expect(snapshot.data()).toEqual({
          email: "alice@example.com",
          state: "live",
          productId: "12345",
        });
        expect((await getDoc(doc(context.firestore(), name, "new"))).exists()).toBe(false);
      }
    });
  });
});
