import { completeBody, requestBody } from "../../../functions/src/contract/api";
import { parseInput } from "../../../functions/src/contract/parse";
import { apiMessage, type Locale } from "../../../functions/src/i18n/messages";
import { expectResetError } from "../../support/failure";

/** The answer's text as the edge words it. */
async function rejection(
  schema: Parameters<typeof parseInput>[0],
  input: unknown,
  locale: Locale = "en",
): Promise<string> {
  const error = await expectResetError(() => parseInput(schema, input), "invalid_argument");
  return apiMessage(locale, error.messageKey, error.params);
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
    [null, "request must be an object"],
  ])("rejects %j: %s", async (input, message) => {
    expect(await rejection(requestBody, input)).toBe(message);
  });

  it("words the problem in the answer's language, naming the field as the contract does", async () => {
    const tooLong = { email: `${"a".repeat(250)}@b.co` };
    expect(await rejection(requestBody, tooLong, "de")).toBe(
      "email darf höchstens 254 Zeichen lang sein",
    );
    expect(await rejection(requestBody, tooLong, "fr")).toBe(
      "email doit comporter au maximum 254\u00a0caractères",
    );
    expect(await rejection(requestBody, {}, "es")).toBe("email es obligatorio");
  });

  it("caps passwords before any policy check runs", async () => {
    expect(await rejection(completeBody, { token: "t", password: "x".repeat(5000) })).toBe(
      "password is too long",
    );
    expect(await rejection(completeBody, { token: "t" })).toBe("password is required");
  });
});
