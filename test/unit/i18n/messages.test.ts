import { ERROR_CODES } from "../../../functions/src/contract/errors";
import {
  apiMessage,
  chooseLocale,
  countPhrase,
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

  it("says what the page's own checks say where the API answers the same problem", () => {
    for (const locale of SUPPORTED_LOCALES) {
      const { page, api } = getMessages(locale);
      for (const key of ["tooShort", "tooLong", "weakPassword", "matchesEmail", "rateLimited"]) {
        expect([locale, key, api[key as keyof typeof api]]).toEqual([
          locale,
          key,
          page[key as keyof typeof page],
        ]);
      }
    }
  });
});

describe("plurals", () => {
  it.each([
    ["en", "1 minute", "2 minutes"],
    ["de", "1 Minute", "2 Minuten"],
    ["es", "1 minuto", "2 minutos"],
    ["fr", "1\u00a0minute", "2\u00a0minutes"],
  ] as const)("%s: %s, %s", (locale, one, two) => {
    const { minutes } = getMessages(locale).units;
    expect(countPhrase(locale, minutes, 1)).toBe(one);
    expect(countPhrase(locale, minutes, 2)).toBe(two);
  });

  it("follows each language's rules, not English's: French says 0 minute, English 0 minutes", () => {
    expect(countPhrase("fr", getMessages("fr").units.minutes, 0)).toBe("0\u00a0minute");
    expect(countPhrase("en", getMessages("en").units.minutes, 0)).toBe("0 minutes");
    expect(countPhrase("de", getMessages("de").units.minutes, 1440)).toBe("1.440 Minuten");
  });

  it.each(SUPPORTED_LOCALES)("%s: a one-minute link says so in its mail", (locale) => {
    const { units, email } = getMessages(locale);
    const expiry = format(email.reset.expiry, { duration: countPhrase(locale, units.minutes, 1) });
    expect(expiry).toContain(countPhrase(locale, units.minutes, 1));
    expect(expiry).not.toContain(countPhrase(locale, units.minutes, 2).replace(/^2/, "1"));
  });

  it.each(SUPPORTED_LOCALES)(
    "%s: the page's password lengths (8 to 1024, config.ts) are always plural",
    (locale) => {
      const rules = new Intl.PluralRules(locale);
      for (let count = 8; count <= 1024; count++)
        expect([count, rules.select(count)]).toEqual([count, "other"]);
    },
  );

  it("says a counted API parameter in the answer's language", () => {
    const params = { field: "email", length: { count: 1, unit: "characters" } } as const;
    expect(apiMessage("en", "fieldAtMost", params)).toBe("email must be at most 1 character");
    expect(apiMessage("es", "fieldAtMost", params)).toBe("email debe tener como máximo 1 carácter");
  });
});

describe("chooseLocale", () => {
  it("takes the first candidate naming a supported language, else English", () => {
    expect(chooseLocale(undefined, "xx", "fr-CH, de;q=0.5")).toBe("fr");
    expect(chooseLocale("es", "de")).toBe("es");
    expect(chooseLocale(42, null, "pt-BR")).toBe("en");
    expect(chooseLocale()).toBe("en");
  });
});

describe("API messages", () => {
  it("has a message for every public error code's default answer", () => {
    const { api } = getMessages("en");
    const byCode: Record<(typeof ERROR_CODES)[number], keyof typeof api> = {
      invalid_argument: "fieldInvalid",
      weak_password: "weakPassword",
      token_invalid: "tokenInvalid",
      token_expired: "tokenExpired",
      token_used: "tokenUsed",
      rate_limited: "rateLimited",
      unauthenticated: "appCheckRequired",
      origin_not_allowed: "originNotAllowed",
      signature_invalid: "signatureInvalid",
      upstream_unavailable: "upstreamUnavailable",
      method_not_allowed: "methodNotAllowed",
      not_found: "notFound",
      payload_too_large: "payloadTooLarge",
      unsupported_media_type: "unsupportedMediaType",
      internal: "internal",
    };
    for (const code of ERROR_CODES) expect(api[byCode[code]]).toEqual(expect.any(String));
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
