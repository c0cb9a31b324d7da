import { completeBody, requestBody } from "../../../functions/src/contract/api";
import { parseInput } from "../../../functions/src/contract/parse";
import { ResetError } from "../../../functions/src/errors";

function rejection(schema: Parameters<typeof parseInput>[0], input: unknown): ResetError {
  try {
    parseInput(schema, input);
  } catch (error) {
    if (error instanceof ResetError) return error;
    throw error;
  }
  throw new Error("expected invalid_argument");
}

describe("request validation", () => {
  it("normalises the email", () => {
    expect(parseInput(requestBody, { email: "  Alice@Example.COM " })).toEqual({
      email: "alice@example.com",
    });
  });

  it.each([
    [{}, "email is required"],
    [{ email: 42 }, "email must be a string"],
    [{ email: "not-an-email" }, "email must be a valid email address"],
    [{ email: "a@b.co\r\nBcc: evil@x.io" }, "email must be a valid email address"],
    [{ email: `${"a".repeat(250)}@b.co` }, "email must be at most 254 characters"],
    [{ email: "a@b.co", admin: true }, "request has unknown field(s): admin"],
    [{ email: "a@b.co", productId: "../x" }, "productId must be a Particle product id or slug"],
    [{ email: "a@b.co", locale: "<script>" }, "locale must be a language tag like en or de-DE"],
  ])("rejects %j: %s", (input, message) => {
    const error = rejection(requestBody, input);
    expect(error.code).toBe("invalid_argument");
    expect(error.message).toBe(message);
  });

  it("caps passwords before any policy check runs", () => {
    expect(rejection(completeBody, { token: "t", password: "x".repeat(5000) }).message).toBe(
      "password is too long",
    );
    expect(rejection(completeBody, { token: "t" }).message).toBe("password is required");
  });
});
