import {
  format,
  getMessages,
  resolveLocale,
  SUPPORTED_LOCALES,
  type Locale,
} from "../../../functions/src/i18n/messages";

/** Every string in a catalog, keyed by its dotted path ("email.reset.subject"). */
function flatten(node: unknown, prefix = ""): Map<string, unknown> {
  if (typeof node !== "object" || node === null) return new Map([[prefix, node]]);
  const entries = Object.entries(node).flatMap(([key, value]) => [
    ...flatten(value, prefix ? `${prefix}.${key}` : key),
  ]);
  return new Map(entries);
}

function placeholders(template: string): string[] {
  return [...template.matchAll(/\{(\w+)\}/g)].map((match) => match[1]).sort();
}

describe("resolveLocale", () => {
  it.each([
    ["de", "de"],
    ["de-DE", "de"],
    ["de_AT", "de"],
    ["DE", "de"],
    ["Fr-ca", "fr"],
    ["es-419", "es"],
    ["en-GB", "en"],
    ["fr-CH, fr;q=0.9, en;q=0.8", "fr"],
    ["pt-BR, es;q=0.5, en;q=0.3", "es"],
    ["  de-CH ;q=1 , en", "de"],
    ["de;q=0, fr", "fr"],
    ["*", "en"],
  ])("%j → %s", (input, expected) => {
    expect(resolveLocale(input)).toBe(expected);
  });

  it.each([
    undefined,
    null,
    "",
    "xx",
    "pt-BR",
    "zh-Hant-TW, ja",
    "__proto__",
    "constructor",
    "toString",
    "de\u0000",
    "<script>de</script>",
    ";;;,,,;q=",
  ])("falls back to English for %j", (input) => {
    expect(resolveLocale(input)).toBe("en");
  });

  it("treats input longer than 100 characters as English without parsing it", () => {
    expect(resolveLocale(`de,${" ".repeat(100)}`)).toBe("en");
    expect(resolveLocale("de-".repeat(1_000_000))).toBe("en");
  });

  it("never throws on values that are not strings at runtime", () => {
    for (const value of [42, {}, [], Symbol("de"), () => "de", { toString: () => "de" }]) {
      expect(resolveLocale(value as unknown as string)).toBe("en");
    }
  });
});

describe("message catalogs", () => {
  const reference = flatten(getMessages("en"));
  const others = SUPPORTED_LOCALES.filter((locale) => locale !== "en");

  it("has an English catalog with strings only", () => {
    expect(reference.size).toBeGreaterThan(50);
    for (const [key, value] of reference) expect([key, typeof value]).toEqual([key, "string"]);
  });

  it("includes every page string the hosted page is built against", () => {
    expect(Object.keys(getMessages("en").page)).toEqual(
      expect.arrayContaining(["title", "loading", "intro", "supportLine", "expiresAt", "retry"]),
    );
  });

  it.each(others)("%s has exactly the keys of English", (locale: Locale) => {
    expect([...flatten(getMessages(locale)).keys()].sort()).toEqual([...reference.keys()].sort());
  });

  it.each(SUPPORTED_LOCALES)("%s has no empty strings", (locale: Locale) => {
    for (const [key, value] of flatten(getMessages(locale))) {
      expect([key, typeof value === "string" && value.trim().length > 0]).toEqual([key, true]);
    }
  });

  it.each(others)("%s uses the same placeholders as English in every string", (locale: Locale) => {
    const catalog = flatten(getMessages(locale));
    for (const [key, english] of reference) {
      const expected = placeholders(english as string);
      expect([key, placeholders(catalog.get(key) as string)]).toEqual([key, expected]);
    }
  });

  it.each(others)("%s is actually translated", (locale: Locale) => {
    const catalog = flatten(getMessages(locale));
    const same = [...reference].filter(([key, english]) => catalog.get(key) === english);
    expect(same.length).toBeLessThan(reference.size / 10);
  });

  it("has the API message for every public error code", () => {
    expect(Object.keys(getMessages("en").api).sort()).toEqual(
      [
        "internal",
        "invalid_argument",
        "rate_limited",
        "requestAccepted",
        "token_expired",
        "token_invalid",
        "token_used",
        "upstream_unavailable",
        "weak_password",
      ].sort(),
    );
  });
});

describe("format", () => {
  it("replaces known placeholders and leaves unknown ones", () => {
    expect(format("{a} and {b} and {a}, not {c}", { a: "x", b: 3 })).toBe("x and 3 and x, not {c}");
  });

  it("inserts values verbatim, without re-expanding placeholders or $ patterns", () => {
    expect(format("Hi {name}", { name: "<b>{name}</b> $& $1" })).toBe("Hi <b>{name}</b> $& $1");
  });

  it("ignores inherited properties", () => {
    expect(format("{toString} {constructor}", {})).toBe("{toString} {constructor}");
  });
});
