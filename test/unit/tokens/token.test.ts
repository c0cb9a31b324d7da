import { generateToken, hashToken, TOKEN_PATTERN } from "../../../functions/src/tokens/token";

describe("reset tokens", () => {
  it("are 256-bit base64url strings matching the accepted pattern", () => {
    const token = generateToken();
    expect(token).toMatch(TOKEN_PATTERN);
    expect(Buffer.from(token, "base64url")).toHaveLength(32);
  });

  it("do not repeat", () => {
    const tokens = new Set(Array.from({ length: 1000 }, generateToken));
    expect(tokens.size).toBe(1000);
  });

  it("are stored as their SHA-256 hex digest, never as themselves", () => {
    expect(hashToken("abc")).toBe(
      "ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad",
    );
  });
});
