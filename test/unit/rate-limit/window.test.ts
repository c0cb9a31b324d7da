import { takeFromWindow } from "../../../functions/src/rate-limit/window";

const limit = { max: 3, windowSeconds: 60 };

describe("takeFromWindow", () => {
  it("allows up to max events in the window and records each", () => {
    let state: number[] = [];
    for (const at of [1000, 2000, 3000]) {
      const decision = takeFromWindow(state, limit, at);
      expect(decision.allowed).toBe(true);
      if (decision.allowed) state = decision.next;
    }
    expect(state).toEqual([1000, 2000, 3000]);
  });

  it("refuses the next one and says when the oldest slot frees up", () => {
    expect(takeFromWindow([1000, 2000, 3000], limit, 10_000)).toEqual({
      allowed: false,
      retryAfterSeconds: 51,
    });
  });

  it("slides: events older than the window stop counting and are dropped", () => {
    const decision = takeFromWindow([1000, 2000, 3000], limit, 61_500);
    expect(decision).toEqual({ allowed: true, next: [2000, 3000, 61_500] });
  });

  it("never answers a Retry-After below one second", () => {
    const decision = takeFromWindow([0, 0, 59_999], { max: 3, windowSeconds: 60 }, 59_999.5);
    expect(decision).toEqual({ allowed: false, retryAfterSeconds: 1 });
  });
});
