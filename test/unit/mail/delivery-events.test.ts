/**
 * Merging SendGrid's events into a mail's record: order and repetition never matter, a replay
 * changes nothing, and the state follows the documented precedence.
 */
import fc from "fast-check";
import {
  mergeEvents,
  readMailEvents,
  RECORDED_EVENTS,
  type IncomingEvent,
  type MailEvents,
} from "../../../functions/src/mail/delivery-events";

const ev = (event: IncomingEvent["event"], at: number, id = `${event}-${at}`, extra = {}) => ({
  event,
  at,
  id,
  ...extra,
});

/** Applies events one post at a time, as the webhook would. */
function applyAll(posts: IncomingEvent[][]): MailEvents | undefined {
  let record: MailEvents | undefined;
  for (const post of posts) record = mergeEvents(record, post).next;
  return record;
}

describe("mergeEvents", () => {
  it("records the first time of each type and the highest-precedence state", () => {
    const { next, changed, added } = mergeEvents(undefined, [
      ev("delivered", 105),
      ev("processed", 100),
      ev("processed", 99),
    ]);
    expect(changed).toBe(true);
    expect(added).toEqual(["processed", "delivered"]);
    expect(next).toEqual({ state: "delivered", first: { processed: 99, delivered: 105 } });
  });

  it("a replayed post changes nothing and adds nothing", () => {
    const post = [
      ev("processed", 100),
      ev("bounce", 101, "b1", { type: "bounce", status: "5.1.1" }),
    ];
    const once = mergeEvents(undefined, post).next;
    const again = mergeEvents(once, post);
    expect(again.changed).toBe(false);
    expect(again.added).toEqual([]);
    expect(again.next).toEqual(once);
  });

  it.each([
    ["delivered after a bounce stays bounced", ["bounce", "delivered"], "bounce"],
    ["a bounce after delivery wins (asynchronous bounce)", ["delivered", "bounce"], "bounce"],
    ["delivered after deferred", ["deferred", "delivered"], "delivered"],
    ["a late deferred after delivered stays delivered", ["delivered", "deferred"], "delivered"],
    ["processed arriving last changes no state", ["dropped", "processed"], "dropped"],
    ["a spam report beats delivered", ["delivered", "spamreport"], "spamreport"],
  ] as const)("%s", (_, order, state) => {
    const posts = order.map((event, i) => [ev(event, 100 + i)]);
    expect(applyAll(posts)?.state).toBe(state);
  });

  it("keeps the details of the earliest failure, whatever the order", () => {
    const late = ev("bounce", 200, "z", { type: "blocked", status: "5.7.1", reason: "later" });
    const early = ev("bounce", 150, "y", {
      type: "bounce",
      status: "5.1.1",
      reason: "x".repeat(999),
    });
    for (const posts of [[[late], [early]], [[early], [late]], [[early, late]]]) {
      const record = applyAll(posts);
      expect(record?.failure).toEqual({
        event: "bounce",
        at: 150,
        id: "y",
        type: "bounce",
        status: "5.1.1",
        reason: "x".repeat(300),
      });
    }
  });

  it("is order-, grouping- and repetition-independent (property)", () => {
    const anyEvent = fc.record({
      event: fc.constantFrom(...RECORDED_EVENTS),
      at: fc.integer({ min: 1, max: 50 }),
      id: fc.constantFrom("a", "b", "c"),
      reason: fc.option(fc.constantFrom("r1", "r2"), { nil: undefined }),
    });
    fc.assert(
      fc.property(
        fc.array(anyEvent, { maxLength: 12 }),
        fc.integer({ min: 1, max: 4 }),
        (events, size) => {
          const together = mergeEvents(undefined, events).next;
          const reversed = applyAll([...events].reverse().map((e) => [e]));
          const chunks: IncomingEvent[][] = [];
          for (let i = 0; i < events.length; i += size) chunks.push(events.slice(i, i + size));
          const replayed = applyAll([...chunks, ...chunks]);
          expect(reversed).toEqual(together);
          expect(replayed).toEqual(together);
          // What Firestore hands back (keys in any order) reads as the same record.
          const shuffled =
            together &&
            JSON.parse(
              JSON.stringify({
                ...together,
                first: Object.fromEntries(Object.entries(together.first).reverse()),
              }),
            );
          expect(mergeEvents(readMailEvents(shuffled), events).changed).toBe(false);
        },
      ),
      { numRuns: 1000 },
    );
  });
});
