/**
 * Which apps may open the reset link themselves (Universal Links, Android App Links). One shared
 * setting for now; the typed model is a list of apps, so per-product settings can later be
 * concatenated into the one pair of files a Hosting site serves. Empty means no app: the
 * association files are 404 and every link opens the web page.
 */
import { z } from "zod";

export interface AndroidApp {
  packageName: string;
  /** Upper-case, colon-separated SHA-256 of each signing certificate (release, Play, debug). */
  sha256CertFingerprints: string[];
}

export interface AppLinks {
  /** `<Team ID>.<bundle id>` of every Apple app that may open the link. */
  appleAppIds: string[];
  androidApps: AndroidApp[];
}

/** A comma-separated setting as its trimmed, non-empty items; empty is the empty list. */
export const commaSeparated = z.string().transform((value) =>
  value
    .split(",")
    .map((item) => item.trim())
    .filter(Boolean),
);

/** A comma-separated list of items matching `pattern`. */
const list = (pattern: RegExp, message: string) =>
  commaSeparated
    .refine((items) => items.every((item) => pattern.test(item)), message)
    .refine((items) => items.length <= 20, "must list at most 20 entries");

/**
 * The settings (Firebase params, see params.ts), validated with the rest of the configuration.
 * Formats: Apple's `<Application Identifier Prefix>.<Bundle Identifier>` app ids
 * (https://developer.apple.com/documentation/bundleresources/applinks/details), Android's
 * application id and upper-case colon-separated SHA-256 fingerprints
 * (https://developer.android.com/training/app-links/configure-assetlinks,
 * https://developer.android.com/training/app-links/troubleshoot: "must be in uppercase").
 */
export const appLinkSettings = {
  APPLE_TEAM_ID: z
    .string()
    .trim()
    .regex(/^(?:[A-Z0-9]{10})?$/, "must be a 10-character Apple Team ID like ABCDE12345, or empty"),
  APPLE_BUNDLE_IDS: list(
    /^[A-Za-z0-9-]+(?:\.[A-Za-z0-9-]+)*$/,
    "must be bundle ids like com.example.app, separated by commas",
  ),
  ANDROID_PACKAGE_NAMES: list(
    /^[A-Za-z][A-Za-z0-9_]*(?:\.[A-Za-z][A-Za-z0-9_]*)+$/,
    "must be Android application ids like com.example.app, separated by commas",
  ),
  ANDROID_SHA256_FINGERPRINTS: list(
    /^[0-9A-Fa-f]{2}(?::[0-9A-Fa-f]{2}){31}$/,
    "must be SHA-256 certificate fingerprints like 14:6D:E9:…:44:E5 (32 hex pairs), separated by commas",
  ),
};

type Parsed = { [K in keyof typeof appLinkSettings]: z.output<(typeof appLinkSettings)[K]> };

/** Each half of a platform's setting is useless without the other: name the missing one. */
export function appLinkProblems(c: Parsed): Array<{ setting: string; message: string }> {
  const pair = (a: keyof Parsed, b: keyof Parsed) => {
    const set = (name: keyof Parsed) => c[name].length > 0;
    if (set(a) === set(b)) return [];
    return [{ setting: set(a) ? b : a, message: `is not set, but ${set(a) ? a : b} is` }];
  };
  return [
    ...pair("APPLE_TEAM_ID", "APPLE_BUNDLE_IDS"),
    ...pair("ANDROID_PACKAGE_NAMES", "ANDROID_SHA256_FINGERPRINTS"),
  ];
}

export function appLinksFrom(c: Parsed): AppLinks {
  const fingerprints = c.ANDROID_SHA256_FINGERPRINTS.map((f) => f.toUpperCase());
  return {
    appleAppIds: c.APPLE_BUNDLE_IDS.map((bundleId) => `${c.APPLE_TEAM_ID}.${bundleId}`),
    androidApps: c.ANDROID_PACKAGE_NAMES.map((packageName) => ({
      packageName,
      sha256CertFingerprints: fingerprints,
    })),
  };
}
