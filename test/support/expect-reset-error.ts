import { ResetError } from "../../functions/src/errors";

/** Awaits work that must fail with a ResetError of this code, and returns the error. */
export async function expectResetError(work: Promise<unknown>, code: string): Promise<ResetError> {
  const error = await work.then(
    () => {
      throw new Error(`expected ${code}, but it succeeded`);
    },
    (e: unknown) => e,
  );
  expect(error).toBeInstanceOf(ResetError);
  expect((error as ResetError).code).toBe(code);
  return error as ResetError;
}
