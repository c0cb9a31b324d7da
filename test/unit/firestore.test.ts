import { MAX_LOST_RACES, retryOnConflict } from "../../functions/src/firestore";

const conflict = () => Object.assign(new Error("changed since read"), { code: 9 });

describe("retryOnConflict", () => {
  it("tries again after each lost race, reading afresh, until an attempt decides", async () => {
    const attempt = jest.fn(async (n: number) => {
      if (n < 3) throw conflict();
      return `decided on try ${n}`;
    });
    await expect(retryOnConflict(attempt)).resolves.toBe("decided on try 3");
    expect(attempt).toHaveBeenCalledTimes(3);
  });

  it(`answers with the caller's "busy" outcome after ${MAX_LOST_RACES} lost races`, async () => {
    const attempt = jest.fn(async () => {
      throw conflict();
    });
    await expect(retryOnConflict(attempt, () => "contended")).resolves.toBe("contended");
    expect(attempt).toHaveBeenCalledTimes(MAX_LOST_RACES);
    // Without one, the last conflict itself.
    await expect(retryOnConflict(attempt)).rejects.toMatchObject({ code: 9 });
  });

  it("passes any other error through at once", async () => {
    const attempt = jest.fn(async () => {
      throw new Error("not a conflict");
    });
    await expect(retryOnConflict(attempt, () => "contended")).rejects.toThrow("not a conflict");
    expect(attempt).toHaveBeenCalledTimes(1);
  });
});
