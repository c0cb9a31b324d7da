/**
 * `npm run support -- status <email>` against the stack's Firestore, run as a subprocess the way
 * a support person runs it: what it prints for a delivered, a bounced, an ineligible, a
 * rate-limited and a used request, and that it prints no token.
 */
import { execFile } from "node:child_process";
import path from "node:path";
import { promisify } from "node:util";
import { hashToken } from "../../functions/src/tokens/token";
import {
  api,
  eventually,
  db,
  logMark,
  requestReset,
  requestTokenByMail,
  resetAll,
  sendgridWebhook,
  waitForLog,
} from "../support/stack";

const ROOT = path.join(__dirname, "..", "..");

async function support(...args: string[]): Promise<string> {
  const { stdout } = await promisify(execFile)(
    process.execPath,
    [require.resolve("tsx/cli"), "scripts/support.ts", "status", ...args],
    { cwd: ROOT, env: process.env },
  );
  return stdout;
}

async function waitForState(token: string, state: string, mail = "reset") {
  await eventually(async () => {
    const snapshot = await db().collection("resetTokens").doc(hashToken(token)).get();
    return snapshot.get(`sendgrid.${mail}.state`) === state ? true : undefined;
  }, `the ${mail} mail to be ${state}`);
}

beforeEach(resetAll);

describe("npm run support -- status", () => {
  it("a delivered, then used link: when, eligible, SendGrid's events, used; no token printed", async () => {
    const token = await requestTokenByMail("alice@example.com");
    await waitForState(token, "delivered");
    const delivered = await support("alice@example.com", "--product", "12345");
    expect(delivered).toMatch(
      /^a•••@example\.com, product 12345: 1 request\(s\) in the last 7 days/,
    );
    expect(delivered).toMatch(/\d{4}-\d\d-\d\d \d\d:\d\d:\d\dZ {2}request [0-9a-f]{8}/);
    expect(delivered).toContain(`eligible: link ${hashToken(token).slice(0, 12)} issued`);
    expect(delivered).toMatch(
      /mail: handed to SendGrid \(attempt 1\); SendGrid: delivered; seen: processed .*delivered/,
    );
    expect(delivered).toContain("link: valid, not used yet, until");
    expect(delivered).toContain("→ Their mail server accepted it: ask them to look in spam/junk");

    const mark = logMark();
    const done = await api("complete", { token, password: "a-new-long-passphrase" });
    expect(done.status).toBe(200);
    await waitForLog(mark, "changed.mail_sent");
    // The "password changed" notice carries the same record's custom args.
    await waitForState(token, "delivered", "changed");
    const used = await support("Alice@Example.com", "--product", "12345");
    expect(used).toMatch(/link: used \S+ \S+ \(the password was changed\)/);
    expect(used).toMatch(/"password changed" notice: SendGrid: delivered; seen: processed/);
    for (const output of [delivered, used]) {
      expect(output).not.toContain(token);
      expect(output).not.toContain(hashToken(token));
      expect(output).not.toContain("alice@example.com");
    }
  });

  it("a bounce, an ineligible address and a request the per-email limit held back", async () => {
    await sendgridWebhook.setOutcome("bob@example.com", "bounce");
    const token = await requestTokenByMail("bob@example.com");
    await waitForState(token, "bounce");
    expect(await support("bob@example.com", "--product", "12345")).toContain(
      "SendGrid: bounce (bounce 5.1.1 550 5.1.1 The email account that you tried to reach does not exist.)",
    );

    let mark = logMark();
    expect((await requestReset("nobody@example.com", {}, "198.51.100.7")).status).toBe(200);
    await waitForLog(mark, "reset.not_eligible");
    const ineligible = await support("nobody@example.com", "--product", "12345");
    expect(ineligible).toContain("not eligible: the address is not a customer of this product");

    // The demo's limit is 3 mails per address an hour: the fourth request is held back.
    for (let i = 0; i < 2; i += 1) await requestTokenByMail("carol@example.com");
    mark = logMark();
    await requestTokenByMail("carol@example.com");
    expect((await requestReset("carol@example.com", {}, "198.51.100.8")).status).toBe(200);
    await waitForLog(mark, "reset.email_rate_limited");
    const limited = await support("carol@example.com", "--product", "12345");
    expect(limited).toMatch(/^c•••@example\.com, product 12345: 4 request\(s\)/);
    const lines = limited.split("\n");
    // Newest first: the held-back request, then the three links (all still live: a newer link
    // never ends an older one).
    expect(lines[2]).toContain("held back by the per-email limit");
    expect(limited.match(/eligible: link [0-9a-f]{12} issued/g)).toHaveLength(3);
    expect(limited.match(/link: valid, not used yet/g)).toHaveLength(3);
  });

  it("an address nobody asked for, and a bad address", async () => {
    expect(await support("dave@example.com", "--product", "12345")).toContain(
      "no reset request in the last 7 days",
    );
    await expect(support("not-an-email", "--product", "12345")).rejects.toMatchObject({
      code: 1,
      stderr: expect.stringContaining("that is not a valid email address"),
    });
  });
});
