/**
 * The reset page and the mails colour a brand with one algorithm (mail/colors.ts): the same
 * button fill, text on it and link colour on a white card, whatever the operator picked.
 */
import { contrastRatio, MIN_TEXT_CONTRAST } from "../../../functions/src/mail/colors";
import { brandTheme } from "../../../functions/src/mail/layout";
import { DARK_SURFACE, brandProperties } from "../../../hosting-src/reset/theme";

/** [primary, accent]: readable or not on white, on dark, 3- and 6-digit, upper and lower case. */
const BRANDS: [string, string][] = [
  ["#00AEEF", "#0B3954"], // the defaults: light primary, dark accent → accent links
  ["#0B3954", "#00AEEF"], // dark primary, light accent → primary links on white
  ["#E4007C", "#FFD400"], // accent unreadable on white, primary readable
  ["#FFFF00", "#00FFFF"], // neither readable on white → plain dark text
  ["#111111", "#222"], // both readable on white, neither on the dark card
  ["#abc", "#ABC"],
  ["#2f5bd3", "#14b8a6"],
  ["#777777", "#767676"], // just under and just over AA on white
];

describe("the page's theme and the mail's", () => {
  it.each(BRANDS)("pick the same colours for primary %s, accent %s", (primary, accent) => {
    const brand = { primaryColor: primary, accentColor: accent };
    const mail = brandTheme(brand);
    const page = brandProperties(brand);
    expect(page["--brand-primary"]).toBe(mail.primary);
    expect(page["--brand-on-primary"]).toBe(mail.onPrimary);
    expect(page["--brand-link-light"]).toBe(mail.link);
  });

  it("prefer the accent for links, then the primary, then plain text, on white", () => {
    expect(brandTheme({ primaryColor: "#00AEEF", accentColor: "#0B3954" }).link).toBe("#0b3954");
    expect(brandTheme({ primaryColor: "#E4007C", accentColor: "#FFD400" }).link).toBe("#e4007c");
    expect(brandTheme({ primaryColor: "#FFFF00", accentColor: "#00FFFF" }).link).toBe("#111111");
  });

  it.each(BRANDS)("keep links readable on the dark card (primary %s, accent %s)", (p, a) => {
    const link = brandProperties({ primaryColor: p, accentColor: a })["--brand-link-dark"];
    expect(contrastRatio(link, DARK_SURFACE)).toBeGreaterThanOrEqual(MIN_TEXT_CONTRAST);
  });

  it("never lets a value that is not a hex colour into a property", () => {
    const hostile = { primaryColor: "red;background:url(x)", accentColor: "</style>" };
    for (const value of Object.values(brandProperties(hostile))) {
      expect(value).toMatch(/^#[0-9a-f]{6}$/);
    }
  });
});
