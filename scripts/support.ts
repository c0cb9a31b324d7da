/**
 * `npm run support -- status <email> [--product <id>] [--project <id>]`: what happened to a
 * customer's recent reset requests, for "I never got the email". Reads the per-email record
 * (request history, keyed like the per-email limit, by the functions' own `subjectKey`) and the
 * records of the links it names (delivery, SendGrid's events, use). Read-only; prints no token,
 * no password, no full key. Against the emulator when FIRESTORE_EMULATOR_HOST is set, else
 * with Application Default Credentials on the project from --project or GOOGLE_CLOUD_PROJECT.
 * The record's key is the functions' own (privacy/record-key.ts), so it needs RECORD_KEY_SECRET
 * from the environment (the emulator's demo secret when unset there). PARTICLE_PRODUCT_ID and
 * ELIGIBILITY default from the environment, then functions/.env.<project>, functions/.env.
 */
import { existsSync, readFileSync } from "node:fs";
import path from "node:path";
import { getApps, initializeApp } from "firebase-admin/app";
import { getFirestore, type DocumentSnapshot, type Firestore } from "firebase-admin/firestore";
import { emailField, productIdField } from "../functions/src/contract/fields";
import { COLLECTIONS } from "../functions/src/firestore";
import { readMailEvents, type MailEvents } from "../functions/src/mail/delivery-events";
import { maskEmail } from "../functions/src/privacy/mask-email";
import {
  HISTORY_RETENTION_SECONDS,
  readHistory,
  type HistoryEntry,
} from "../functions/src/tokens/request-history";
import { recordKeys, type RecordKeys } from "../functions/src/privacy/record-key";
import { ELIGIBILITY_MODES, type Eligibility } from "../functions/src/config/config";
import { DEMO_SECRETS } from "../dev/demo-config";
import { parseEnvFile } from "./check-config";

const when = (ms: number) =>
  new Date(ms)
    .toISOString()
    .replace("T", " ")
    .replace(/\.\d+Z$/, "Z");
const seconds = (s: number) => when(s * 1000);
const millis = (value: unknown) =>
  (value as { toMillis?: () => number } | undefined)?.toMillis?.() ?? null;

/** What SendGrid's events say, and what support should do about it. */
function describeEvents(events: MailEvents | undefined): { line: string; advice: string } {
  if (!events) {
    return {
      line: "no SendGrid event yet",
      advice:
        "SendGrid accepted it but has reported nothing (yet); if this stays so, check the Event Webhook setup.",
    };
  }
  const { state, first, failure } = events;
  const seen = Object.entries(first)
    .map(([type, at]) => `${type} ${seconds(at)}`)
    .join(", ");
  const why = failure
    ? ` (${[failure.type, failure.status, failure.reason].filter(Boolean).join(" ")})`
    : "";
  const advice = {
    processed: "SendGrid is sending it; no answer from their mail server yet.",
    deferred: "Their mail server is delaying it; SendGrid keeps trying for up to 72 hours.",
    delivered:
      "Their mail server accepted it: ask them to look in spam/junk and search for the sender.",
    dropped:
      "SendGrid did not send it (the address is on a suppression list): remove it in SendGrid, then have them ask again.",
    bounce:
      "Their mail server refused it: check the address for typos; a full or closed mailbox cannot get it.",
    spamreport: "They got it and marked it as spam: it is in their spam folder.",
  }[state];
  return { line: `SendGrid: ${state}${why}; seen: ${seen}`, advice };
}

function describeLink(token: DocumentSnapshot, nowMs: number): string {
  const state = token.get("state") as string;
  const ended = millis(token.get("endedAt"));
  const expires = millis(token.get("expiresAt")) ?? 0;
  const endedText = ended ? ` ${when(ended)}` : "";
  if (state === "used") return `used${endedText} (the password was changed)`;
  if (state === "superseded") {
    return `ended${endedText}: another link for this address was used, or replaced it`;
  }
  if (state === "revoked") return `revoked${endedText} (the customer or product is gone)`;
  if (nowMs >= expires) return `expired ${when(expires)}, not used`;
  if (state === "claimed") return "being used right now";
  return `valid, not used yet, until ${when(expires)}`;
}

function describeIssued(entry: HistoryEntry, token: DocumentSnapshot | undefined, nowMs: number) {
  const ref = entry.tokenHash?.slice(0, 12) ?? "?";
  if (!token?.exists) {
    return [`  eligible: link ${ref} issued; its record has been removed (older than kept)`];
  }
  const delivery = (token.get("delivery") ?? {}) as {
    state?: string;
    attempts?: number;
    error?: string;
  };
  const lines = [`  eligible: link ${ref} issued`];
  if (delivery.state === "failed") {
    lines.push(
      `  mail: NOT sent, SendGrid refused it (status ${delivery.error}, ${delivery.attempts} attempt(s))`,
      "  → Fix SendGrid (see the mail.config_error / mail.send_failed logs), then have them ask again.",
    );
  } else if (delivery.state === "sent") {
    const events = describeEvents(readMailEvents(token.get("sendgrid.reset")));
    lines.push(
      `  mail: handed to SendGrid (attempt ${delivery.attempts}); ${events.line}`,
      `  link: ${describeLink(token, nowMs)}`,
      `  → ${events.advice}`,
    );
  } else {
    lines.push(
      `  mail: ${delivery.state ?? "queued"} (attempt ${delivery.attempts ?? 0}), not sent yet`,
    );
  }
  const changed = readMailEvents(token.get("sendgrid.changed"));
  if (changed) lines.push(`  "password changed" notice: ${describeEvents(changed).line}`);
  return lines;
}

const OUTCOMES: Record<Exclude<HistoryEntry["outcome"], "issued">, string[]> = {
  not_eligible: [
    "  not eligible: the address is not a customer of this product (as ELIGIBILITY decides); no mail",
    "  → Check the spelling and the product; a new customer is mailed once Particle lists them.",
  ],
  rate_limited: [
    "  held back by the per-email limit (EMAIL_RATE_LIMIT per EMAIL_RATE_WINDOW_MINUTES): no mail, no new link",
    "  → An earlier mail in the window is the one to use; or wait for the window to pass.",
  ],
  gave_up: [
    "  not sent: Particle could not be asked for over an hour (reset.gave_up); no mail",
    "  → Check Particle's rate limit and the eligibility.* logs, then have them ask again.",
  ],
};

/** The report, as lines. */
export async function supportStatus(
  db: Firestore,
  keys: RecordKeys,
  { productId, eligibility }: { productId: string; eligibility: Eligibility },
  rawEmail: string,
  now = new Date(),
): Promise<string[]> {
  const parsedEmail = emailField.safeParse(rawEmail);
  const parsedProduct = productIdField.safeParse(productId);
  if (!parsedEmail.success) throw new Error("that is not a valid email address");
  if (!parsedProduct.success) throw new Error("that is not a Particle product id or slug");
  const email = parsedEmail.data;
  const product = parsedProduct.data;
  const subject = await db
    .collection(COLLECTIONS.subjects)
    .doc(keys.subject(product, email, eligibility))
    .get();
  const days = HISTORY_RETENTION_SECONDS / 86400;
  const header = `${maskEmail(email)}, product ${product}:`;
  const history = subject.exists ? readHistory(subject) : [];
  if (history.length === 0) {
    return [
      header,
      `  no reset request in the last ${days} days (requests are kept ${days} days).`,
      "  → Check the address and the product; the app may not have called the backend.",
    ];
  }
  const refs = history
    .filter((e) => e.tokenHash)
    .map((e) => db.collection(COLLECTIONS.tokens).doc(e.tokenHash!));
  const tokens = new Map(
    (refs.length ? await db.getAll(...refs) : []).map((snapshot) => [snapshot.id, snapshot]),
  );
  const lines = [`${header} ${history.length} request(s) in the last ${days} days, newest first`];
  for (const entry of history) {
    lines.push(`${when(entry.at)}  request ${entry.requestId.slice(0, 8)}`);
    lines.push(
      ...(entry.outcome === "issued"
        ? describeIssued(entry, tokens.get(entry.tokenHash ?? ""), now.getTime())
        : OUTCOMES[entry.outcome]),
    );
  }
  return lines;
}

function option(args: string[], name: string): string | undefined {
  const at = args.indexOf(name);
  return at >= 0 ? args[at + 1] : undefined;
}

/** A deploy setting: from the environment, else the project's params file, else functions/.env. */
function setting(name: string, projectId: string | undefined): string | undefined {
  if (process.env[name]) return process.env[name];
  const dir = path.join(__dirname, "..", "functions");
  for (const file of [projectId && `.env.${projectId}`, ".env"].filter(Boolean) as string[]) {
    const full = path.join(dir, file);
    if (existsSync(full)) {
      const value = parseEnvFile(readFileSync(full, "utf8"))[name];
      if (value) return value;
    }
  }
  return undefined;
}

function recordKeySecret(): string {
  const secret = process.env.RECORD_KEY_SECRET;
  if (secret) return secret;
  if (process.env.FIRESTORE_EMULATOR_HOST) return DEMO_SECRETS.RECORD_KEY_SECRET;
  throw new Error(
    "set RECORD_KEY_SECRET, the functions' record key: " +
      "RECORD_KEY_SECRET=$(gcloud secrets versions access latest --secret=RECORD_KEY_SECRET --project PROJECT_ID)",
  );
}

async function main(args: string[]): Promise<void> {
  const usage = "usage: npm run support -- status <email> [--product <id>] [--project <id>]";
  const [command, email] = args;
  if (command !== "status" || !email || email.startsWith("--")) throw new Error(usage);
  const projectId =
    option(args, "--project") ?? process.env.GOOGLE_CLOUD_PROJECT ?? process.env.GCLOUD_PROJECT;
  const productId = option(args, "--product") ?? setting("PARTICLE_PRODUCT_ID", projectId);
  const eligibility = (setting("ELIGIBILITY", projectId) ?? "particle") as Eligibility;
  if (!ELIGIBILITY_MODES.includes(eligibility)) throw new Error(`ELIGIBILITY: ${eligibility}?`);
  if (!productId) throw new Error(`name the product: --product <id>\n${usage}`);
  if (!projectId && !process.env.FIRESTORE_EMULATOR_HOST) {
    throw new Error(`name the project: --project <id> or GOOGLE_CLOUD_PROJECT\n${usage}`);
  }
  if (getApps().length === 0) initializeApp(projectId ? { projectId } : undefined);
  const keys = recordKeys(recordKeySecret());
  const lines = await supportStatus(getFirestore(), keys, { productId, eligibility }, email);
  console.log(lines.join("\n"));
}

if (require.main === module) {
  main(process.argv.slice(2)).then(
    () => process.exit(0),
    (error: Error) => {
      console.error(error.message);
      process.exit(1);
    },
  );
}
