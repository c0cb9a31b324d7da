/**
 * The mobile path: the Firebase JS SDK's httpsCallable against the Functions emulator, exactly as
 * an app would call `requestPasswordReset`.
 */
import { deleteApp, initializeApp, type FirebaseApp } from "firebase/app";
import {
  connectFunctionsEmulator,
  FunctionsError,
  getFunctions,
  httpsCallable,
} from "firebase/functions";
import { functionsUrl, projectId, requestReset, resetAll, waitForMail } from "../support/stack";
import { failureOf } from "../support/failure";

let app: FirebaseApp;
let call: ReturnType<typeof httpsCallable>;

beforeAll(() => {
  app = initializeApp({ projectId, apiKey: "demo-api-key", appId: "1:0:web:0" }, "callable-test");
  const functions = getFunctions(app, "us-central1");
  const { hostname, port } = new URL(functionsUrl);
  connectFunctionsEmulator(functions, hostname, Number(port));
  call = httpsCallable(functions, "requestPasswordReset");
});

afterAll(() => deleteApp(app));
beforeEach(resetAll);

describe("callable requestPasswordReset", () => {
  it("accepts a request and the customer gets the mail", async () => {
    const result = await call({ email: "alice@example.com", locale: "de-DE" });
    expect(result.data).toEqual({ ok: true, message: expect.any(String) });
    const [mail] = await waitForMail("alice@example.com");
    expect(mail.text).toContain("&lang=de&product=12345");
  });

  it("answers known and unknown emails identically, and like the HTTP endpoint", async () => {
    const known = await call({ email: "bob@example.com" });
    const unknown = await call({ email: "nobody@example.com" });
    expect(unknown.data).toEqual(known.data);
    expect((await requestReset("nobody@example.com")).body).toEqual(known.data);
  });

  it.each([
    [{ email: "nope" }, "email must be a valid email address"],
    [{ email: "alice@example.com", extra: 1 }, "request has unknown field(s): extra"],
    [null, "request must be an object"],
  ])("rejects %j with invalid-argument and the machine code", async (data, message) => {
    const error = await failureOf(FunctionsError, () => call(data));
    expect(error.code).toBe("functions/invalid-argument");
    // The JS SDK appends the HTTP status to the server's message.
    expect(error.message).toBe(`${message} [400]`);
    expect(error.details).toEqual({ code: "invalid_argument" });
  });

  it("says resource-exhausted when one client asks too often", async () => {
    for (let i = 0; i < 20; i++) await call({ email: `someone${i}@example.com` });
    const error = await failureOf(FunctionsError, () => call({ email: "alice@example.com" }));
    expect(error.code).toBe("functions/resource-exhausted");
    expect(error.details).toEqual({ code: "rate_limited", retryAfterSeconds: expect.any(Number) });
  });
});
