import { maskEmail } from "../../../functions/src/privacy/mask-email";

describe("maskEmail", () => {
  it.each([
    ["alice@example.com", "a•••@example.com"],
    ["b@x.io", "b•••@x.io"],
    ["élodie@exemple.fr", "é•••@exemple.fr"],
    ["no-at-sign", "•••"],
  ])("%s -> %s", (email, masked) => expect(maskEmail(email)).toBe(masked));
});
