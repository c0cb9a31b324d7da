import type { FunctionsError, HttpsCallable } from "firebase/functions";

/** Calls a callable that must fail, and returns the Firebase JS SDK's error. */
export async function callableFailure(
  call: HttpsCallable<unknown, unknown>,
  data: unknown,
): Promise<FunctionsError> {
  try {
    await call(data);
  } catch (error) {
    return error as FunctionsError;
  }
  throw new Error("expected the call to fail");
}
