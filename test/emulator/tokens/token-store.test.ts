/**
 * The token store's claim and settle against the real Firestore emulator: conditional writes
 * instead of transactions, so these pin down what a claim may and may not overwrite.
 */
import {
  claimToken,
  issueToken,
  recordDelivery,
  settleClaim,
  verifyToken,
} from "../../../functions/src/tokens/token-store";
import { expectResetError } from "../../support/failure";
import { demoRecordKeys } from "../../support/in-process";
import { db, resetAll } from "../../support/stack";

const T0 = new Date("2031-05-06T07:00:00.000Z");
const minutes = (n: number) => new Date(T0.getTime() + n * 60_000);

async function issue(email: string, requestId: string, now = T0): Promise<string> {
  const issued = await issueToken(db(), {
    subjectKey: demoRecordKeys().subject("12345", email, "particle"),
    productId: "12345",
    email,
    locale: "en",
    requestId,
    ttlSeconds: 30 * 60,
    emailRateLimit: { max: 3, windowSeconds: 3600 },
    now,
  });
  if (issued.status !== "issued") throw new Error(`not issued: ${issued.status}`);
  return issued.token;
}

const stored = async (token: string) => {
  const record = await verifyToken(db(), token, T0).catch(() => undefined);
  const { docs } = await db().collection("resetTokens").get();
  return { record, docs: docs.map((d) => d.data()) };
};

beforeEach(resetAll);

describe("claimToken", () => {
  it("takes a live token once: a second claim while the first holds it is token_used", async () => {
    const token = await issue("alice@example.com", "3b0c1f52-5d59-4a8e-9d0a-000000000001");
    const claim = await claimToken(db(), token, T0);
    expect(claim.record).toMatchObject({ email: "alice@example.com", state: "live" });
    const error = await expectResetError(claimToken(db(), token, minutes(1)), "token_used");
    expect(error).toMatchObject({ messageKey: "tokenInUse", locale: "en" });
  });

  it("lets another attempt take over once the lease (2 minutes) ran out; the first one's settle then changes nothing", async () => {
    const token = await issue("alice@example.com", "3b0c1f52-5d59-4a8e-9d0a-000000000002");
    const first = await claimToken(db(), token, T0);
    await expectResetError(claimToken(db(), token, minutes(1.9)), "token_used");
    const second = await claimToken(db(), token, minutes(2.1));
    expect(second.claimId).not.toBe(first.claimId);

    await settleClaim(db(), first, "live");
    const afterFirst = (await stored(token)).docs[0];
    expect(afterFirst).toMatchObject({ state: "claimed", claimId: second.claimId });

    await settleClaim(db(), second, "used");
    const afterSecond = (await stored(token)).docs[0];
    expect(afterSecond.state).toBe("used");
    expect(afterSecond).not.toHaveProperty("claimId");
    expect(afterSecond).not.toHaveProperty("claimExpiresAt");
    await expectResetError(claimToken(db(), token, minutes(3)), "token_used");
  });

  it("a delivery record written at the same moment neither fails the claim nor is lost", async () => {
    const token = await issue("alice@example.com", "3b0c1f52-5d59-4a8e-9d0a-000000000003");
    const [claim] = await Promise.all([
      claimToken(db(), token, T0),
      recordDelivery(db(), (await stored(token)).record!.tokenHash, { state: "sent", attempts: 1 }),
    ]);
    expect(claim.record.state).toBe("live");
    expect((await stored(token)).docs[0]).toMatchObject({
      state: "claimed",
      delivery: { state: "sent", attempts: 1 },
    });
  });
});

describe("settleClaim", () => {
  it("lands after another write to the token since the claim (the delivery record)", async () => {
    const token = await issue("bob@example.com", "3b0c1f52-5d59-4a8e-9d0a-000000000004");
    const claim = await claimToken(db(), token, T0);
    await recordDelivery(db(), claim.record.tokenHash, { state: "sent", attempts: 1 });
    await settleClaim(db(), claim, "used");
    const [doc] = (await stored(token)).docs;
    expect(doc).toMatchObject({ state: "used", delivery: { state: "sent", attempts: 1 } });
    expect(doc).not.toHaveProperty("claimId");
    expect(doc.endedAt).toBeDefined();
  });

  it("releases a claim back to live without ending the token", async () => {
    const token = await issue("bob@example.com", "3b0c1f52-5d59-4a8e-9d0a-000000000005");
    const claim = await claimToken(db(), token, T0);
    await settleClaim(db(), claim, "live");
    const [doc] = (await stored(token)).docs;
    expect(doc.state).toBe("live");
    expect(doc).not.toHaveProperty("endedAt");
    expect((await claimToken(db(), token, T0)).record.state).toBe("live");
  });

  it("never revives a token that a sibling's use ended while it was claimed", async () => {
    const older = await issue("carol@example.com", "3b0c1f52-5d59-4a8e-9d0a-000000000006");
    const claim = await claimToken(db(), older, T0);
    const newer = await issue("carol@example.com", "3b0c1f52-5d59-4a8e-9d0a-000000000007");
    await settleClaim(db(), await claimToken(db(), newer, T0), "used");
    await settleClaim(db(), claim, "live");
    await expectResetError(verifyToken(db(), older, T0), "token_invalid");
    await expectResetError(verifyToken(db(), newer, T0), "token_used");
  });
});

describe("several live links per email", () => {
  it("a new link leaves the earlier ones live, and using any one ends all the others in one batch", async () => {
    const links = [];
    for (const n of [8, 9, 10]) {
      links.push(await issue("dave@example.com", `3b0c1f52-5d59-4a8e-9d0a-0000000000${n}`));
    }
    for (const link of links) expect((await verifyToken(db(), link, T0)).state).toBe("live");
    await settleClaim(db(), await claimToken(db(), links[1], T0), "used");
    const error = await expectResetError(verifyToken(db(), links[0], T0), "token_invalid");
    expect(error.messageKey).toBe("tokenInvalid");
    await expectResetError(verifyToken(db(), links[2], T0), "token_invalid");
    await expectResetError(claimToken(db(), links[2], T0), "token_invalid");
    const states = (await db().collection("resetTokens").get()).docs.map((d) => d.get("state"));
    expect(states.sort()).toEqual(["superseded", "superseded", "used"]);
  });

  it("keeps no more live links than the per-email limit: when the lifetime outlasts the window, the oldest ends", async () => {
    const issueAt = async (requestNo: number, at: Date) => {
      const issued = await issueToken(db(), {
        subjectKey: demoRecordKeys().subject("12345", "erin@example.com", "particle"),
        productId: "12345",
        email: "erin@example.com",
        locale: "en",
        requestId: `3b0c1f52-5d59-4a8e-9d0a-0000000001${requestNo}`,
        ttlSeconds: 24 * 3600,
        emailRateLimit: { max: 2, windowSeconds: 60 },
        now: at,
      });
      if (issued.status !== "issued") throw new Error(issued.status);
      return issued.token;
    };
    const first = await issueAt(1, T0);
    const second = await issueAt(2, minutes(0.5));
    const third = await issueAt(3, minutes(2));
    await expectResetError(verifyToken(db(), first, minutes(3)), "token_invalid");
    expect((await verifyToken(db(), second, minutes(3))).state).toBe("live");
    expect((await verifyToken(db(), third, minutes(3))).state).toBe("live");
    const subject = (await db().collection("resetSubjects").get()).docs[0];
    expect(subject.get("live")).toHaveLength(2);
  });

  it("a used link is not listed as live for the next request, so the next use cannot end it", async () => {
    const first = await issue("frank@example.com", "3b0c1f52-5d59-4a8e-9d0a-000000000201");
    await settleClaim(db(), await claimToken(db(), first, T0), "used");
    const second = await issue(
      "frank@example.com",
      "3b0c1f52-5d59-4a8e-9d0a-000000000202",
      minutes(1),
    );
    await settleClaim(db(), await claimToken(db(), second, minutes(2)), "used");
    await expectResetError(verifyToken(db(), first, minutes(3)), "token_used");
  });
});
