import { ConfigError, parseConfig } from "../../../functions/src/config/config";
import { DEMO_ANDROID_FINGERPRINT, demoSettings, stackPorts } from "../../../dev/demo-config";
import { failureOf } from "../../support/failure";

const NO_APPS = {
  APPLE_TEAM_ID: "",
  APPLE_BUNDLE_IDS: "",
  ANDROID_PACKAGE_NAMES: "",
  ANDROID_SHA256_FINGERPRINTS: "",
};
const settings = (overrides: Record<string, string | undefined> = {}) => ({
  ...demoSettings(stackPorts({})),
  ...overrides,
});

describe("app link settings", () => {
  it("are empty by default: no app opens the links", () => {
    expect(parseConfig(settings(NO_APPS)).appLinks).toEqual({ appleAppIds: [], androidApps: [] });
  });

  it("build Apple app ids from team and bundle ids, and every Android app with every fingerprint", () => {
    const lower = DEMO_ANDROID_FINGERPRINT.toLowerCase();
    const other = DEMO_ANDROID_FINGERPRINT.replace(/^14/, "AB");
    const config = parseConfig(
      settings({
        APPLE_TEAM_ID: "ABCDE12345",
        APPLE_BUNDLE_IDS: " com.example.lamp , com.example.lamp-beta ",
        ANDROID_PACKAGE_NAMES: "com.example.lamp,com.example.lamp.dev",
        ANDROID_SHA256_FINGERPRINTS: `${lower}, ${other}`,
      }),
    );
    expect(config.appLinks).toEqual({
      appleAppIds: ["ABCDE12345.com.example.lamp", "ABCDE12345.com.example.lamp-beta"],
      androidApps: [
        // Upper case, as Google's verification wants it.
        {
          packageName: "com.example.lamp",
          sha256CertFingerprints: [DEMO_ANDROID_FINGERPRINT, other],
        },
        {
          packageName: "com.example.lamp.dev",
          sha256CertFingerprints: [DEMO_ANDROID_FINGERPRINT, other],
        },
      ],
    });
  });

  it("may configure one platform only", () => {
    const apple = parseConfig(
      settings({ ...NO_APPS, APPLE_TEAM_ID: "ABCDE12345", APPLE_BUNDLE_IDS: "com.example.lamp" }),
    );
    expect(apple.appLinks.androidApps).toEqual([]);
    expect(apple.appLinks.appleAppIds).toEqual(["ABCDE12345.com.example.lamp"]);
  });

  it.each([
    [
      { APPLE_TEAM_ID: "abcde12345" },
      "APPLE_TEAM_ID",
      "must be a 10-character Apple Team ID like ABCDE12345, or empty",
    ],
    [
      { APPLE_TEAM_ID: "ABCDE1234" },
      "APPLE_TEAM_ID",
      "must be a 10-character Apple Team ID like ABCDE12345, or empty",
    ],
    [
      { APPLE_BUNDLE_IDS: "com.example.lamp app" },
      "APPLE_BUNDLE_IDS",
      "must be bundle ids like com.example.app, separated by commas",
    ],
    [
      { ANDROID_PACKAGE_NAMES: "lamp" },
      "ANDROID_PACKAGE_NAMES",
      "must be Android application ids like com.example.app, separated by commas",
    ],
    [
      { ANDROID_PACKAGE_NAMES: "com.9lamp" },
      "ANDROID_PACKAGE_NAMES",
      "must be Android application ids like com.example.app, separated by commas",
    ],
    [
      { ANDROID_SHA256_FINGERPRINTS: DEMO_ANDROID_FINGERPRINT.slice(3) },
      "ANDROID_SHA256_FINGERPRINTS",
      "must be SHA-256 certificate fingerprints like 14:6D:E9:…:44:E5 (32 hex pairs), separated by commas",
    ],
    [
      { APPLE_BUNDLE_IDS: Array.from({ length: 21 }, (_, i) => `com.example.a${i}`).join(",") },
      "APPLE_BUNDLE_IDS",
      "must list at most 20 entries",
    ],
    [
      { ...NO_APPS, APPLE_TEAM_ID: "ABCDE12345" },
      "APPLE_BUNDLE_IDS",
      "is not set, but APPLE_TEAM_ID is",
    ],
    [
      { ...NO_APPS, APPLE_BUNDLE_IDS: "com.example.lamp" },
      "APPLE_TEAM_ID",
      "is not set, but APPLE_BUNDLE_IDS is",
    ],
    [
      { ...NO_APPS, ANDROID_PACKAGE_NAMES: "com.example.lamp" },
      "ANDROID_SHA256_FINGERPRINTS",
      "is not set, but ANDROID_PACKAGE_NAMES is",
    ],
    [
      { ...NO_APPS, ANDROID_SHA256_FINGERPRINTS: DEMO_ANDROID_FINGERPRINT },
      "ANDROID_PACKAGE_NAMES",
      "is not set, but ANDROID_SHA256_FINGERPRINTS is",
    ],
    [{ APPLE_TEAM_ID: undefined }, "APPLE_TEAM_ID", "is not set"],
  ])("rejects %j naming the setting", async (overrides, setting, problem) => {
    const error = await failureOf(ConfigError, () => parseConfig(settings(overrides)));
    expect(error.setting).toBe(setting);
    expect(error.message).toBe(`Invalid configuration: ${setting} ${problem}`);
  });
});
