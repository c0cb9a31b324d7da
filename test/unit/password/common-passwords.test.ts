import { COMMON_PASSWORDS } from "../../../functions/src/password/common-passwords";

describe("COMMON_PASSWORDS", () => {
  it("has at least 1000 entries", () => {
    expect(COMMON_PASSWORDS.size).toBeGreaterThanOrEqual(1000);
  });

  it("holds only lower-case entries of 8+ characters without whitespace", () => {
    const bad = [...COMMON_PASSWORDS].filter(
      (entry) => entry !== entry.toLowerCase() || entry.length < 8 || /\s/.test(entry),
    );
    expect(bad).toEqual([]);
  });

  it.each([
    "password",
    "12345678",
    "123456789",
    "qwertyuiop",
    "iloveyou",
    "password1",
    "sunshine",
    "princess",
    "football",
    "trustno1",
    "1q2w3e4r",
    "qwerty123",
    "passw0rd",
    "zaq12wsx",
    "1qaz2wsx",
    "q1w2e3r4t5",
    "letmein!",
    "changeme",
    "liverpool",
    "passwort",
    "motdepasse",
    "azertyuiop",
  ])("contains %j", (password) => {
    expect(COMMON_PASSWORDS.has(password)).toBe(true);
  });

  it("does not contain a strong passphrase", () => {
    expect(COMMON_PASSWORDS.has("correct horse battery staple")).toBe(false);
    expect(COMMON_PASSWORDS.has("tulip-orbit-granite-51")).toBe(false);
  });
});
