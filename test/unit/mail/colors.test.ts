import {
  contrastRatio,
  normalizeHex,
  readableTextColor,
  relativeLuminance,
} from "../../../functions/src/mail/colors";

describe("normalizeHex", () => {
  it.each([
    ["#abc", "#aabbcc"],
    ["#ABC", "#aabbcc"],
    ["#00AEEF", "#00aeef"],
    [" #0b3954 ", "#0b3954"],
  ])("%j → %s", (input, expected) => {
    expect(normalizeHex(input)).toBe(expected);
  });

  it.each(["", "#", "#ab", "#abcd", "#gggggg", "red", "#fff;background:url(x)", "#0000000"])(
    "rejects %j",
    (input) => {
      expect(normalizeHex(input)).toBeNull();
    },
  );
});

describe("contrastRatio", () => {
  it("is 21 for black on white, in either order", () => {
    expect(contrastRatio("#000000", "#ffffff")).toBeCloseTo(21, 10);
    expect(contrastRatio("#fff", "#000")).toBeCloseTo(21, 10);
  });

  it("is 1 for a colour against itself", () => {
    expect(contrastRatio("#00AEEF", "#00aeef")).toBe(1);
  });

  it("matches the WCAG value for #777777 on white (≈ 4.48, just under AA)", () => {
    expect(contrastRatio("#777777", "#ffffff")).toBeCloseTo(4.48, 2);
  });

  it("uses the sRGB relative luminance", () => {
    expect(relativeLuminance("#ffffff")).toBeCloseTo(1, 10);
    expect(relativeLuminance("#000000")).toBe(0);
    expect(relativeLuminance("#ff0000")).toBeCloseTo(0.2126, 4);
  });

  it("throws on something that is not a colour", () => {
    expect(() => contrastRatio("javascript:alert(1)", "#fff")).toThrow(TypeError);
  });
});

describe("readableTextColor", () => {
  it.each([
    ["#00AEEF", "#111111"],
    ["#0B3954", "#ffffff"],
    ["#FFFF00", "#111111"],
    ["#000000", "#ffffff"],
    ["#ffffff", "#111111"],
  ])("on %s uses %s", (background, expected) => {
    expect(readableTextColor(background)).toBe(expected);
  });

  it("always picks the option with the higher contrast", () => {
    for (const background of ["#777777", "#808080", "#e91e63", "#3f51b5", "#4caf50"]) {
      const chosen = readableTextColor(background);
      const other = chosen === "#ffffff" ? "#111111" : "#ffffff";
      expect(contrastRatio(background, chosen)).toBeGreaterThanOrEqual(
        contrastRatio(background, other),
      );
    }
  });
});
