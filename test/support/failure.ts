import { ResetError } from "../../functions/src/errors";

/**
 * Runs work that must fail (a function that throws or returns a promise that rejects, or a
 * promise) with an error of this type, and returns the error for closer checks.
 */
export async function failureOf<E extends Error>(
  type: abstract new (...args: never[]) => E,
  work: (() => unknown) | Promise<unknown>,
): Promise<E> {
  let error: unknown;
  try {
    await (typeof work === "function" ? work() : work);
  } catch (caught) {
    error = caught;
  }
  if (error === undefined) throw new Error(`expected a ${type.name}, but it succeeded`);
  expect(error).toBeInstanceOf(type);
  return error as E;
}

/** Work that must fail with a ResetError of this code; returns the error. */
export async function expectResetError(
  work: (() => unknown) | Promise<unknown>,
  code: ResetError["code"],
): Promise<ResetError> {
  const error = await failureOf(ResetError, work);
  expect(error.code).toBe(code);
  return error;
}
