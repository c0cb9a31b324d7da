/**
 * `npm run allowlist:import -- --product <id> [--remove] <file | ->`: loads customer emails (one
 * per line) into the Firestore allowlist used when ELIGIBILITY=allowlist. Uses Application Default
 * Credentials, or the emulator when FIRESTORE_EMULATOR_HOST is set.
 */
import { readFileSync } from "node:fs";
import { getApps, initializeApp } from "firebase-admin/app";
import { FieldValue, getFirestore, type Firestore } from "firebase-admin/firestore";
import { COLLECTIONS } from "../functions/src/firestore";
import { allowlistKey } from "../functions/src/privacy/record-key";
import { emailField, productIdField } from "../functions/src/contract/fields";

export interface ImportResult {
  written: number;
  rejected: Array<{ line: number; reason: string }>;
}

const BATCH_SIZE = 400;

export async function importAllowlist(
  db: Firestore,
  productId: string,
  text: string,
  mode: "add" | "remove" = "add",
): Promise<ImportResult> {
  const product = productIdField.parse(productId);
  const rejected: ImportResult["rejected"] = [];
  const emails = new Set<string>();
  text.split(/\r?\n/).forEach((raw, index) => {
    const line = raw.trim();
    if (!line || line.startsWith("#")) return;
    const parsed = emailField.safeParse(line);
    if (parsed.success) emails.add(parsed.data);
    else rejected.push({ line: index + 1, reason: "not a valid email address" });
  });
  const all = [...emails];
  for (let start = 0; start < all.length; start += BATCH_SIZE) {
    const batch = db.batch();
    for (const email of all.slice(start, start + BATCH_SIZE)) {
      const ref = db.collection(COLLECTIONS.allowlist).doc(allowlistKey(product, email));
      if (mode === "add") {
        batch.set(ref, { productId: product, email, addedAt: FieldValue.serverTimestamp() });
      } else {
        batch.delete(ref);
      }
    }
    await batch.commit();
  }
  return { written: all.length, rejected };
}

async function main(args: string[]): Promise<void> {
  const productAt = args.indexOf("--product");
  const productId = productAt >= 0 ? args[productAt + 1] : undefined;
  const mode = args.includes("--remove") ? "remove" : "add";
  const file = args.filter((a, i) => !a.startsWith("--") && i !== productAt + 1).pop();
  if (!productId || !file) {
    throw new Error("usage: npm run allowlist:import -- --product <id> [--remove] <file | ->");
  }
  const text = readFileSync(file === "-" ? 0 : file, "utf8");
  if (getApps().length === 0) initializeApp();
  const result = await importAllowlist(getFirestore(), productId, text, mode);
  const verb = mode === "add" ? "Allowed" : "Removed";
  console.log(`${verb} ${result.written} email(s) for product ${productId}.`);
  for (const { line, reason } of result.rejected) console.warn(`line ${line}: ${reason}`);
  if (result.rejected.length > 0) process.exitCode = 2;
}

if (require.main === module) {
  main(process.argv.slice(2)).catch((error: Error) => {
    console.error(error.message);
    process.exitCode = 1;
  });
}
