/**
 * Finds a Firestore emulator that runs on this machine. firebase-tools' own needs Java 21+ (and
 * downloads its JAR on first use); otherwise the Cloud SDK component (google-cloud-cli-firestore-
 * emulator) runs on older Java, and we start it ourselves and point the functions at it.
 */
import { execFileSync, spawn, spawnSync, type ChildProcess } from "node:child_process";
import { existsSync, readdirSync, realpathSync } from "node:fs";
import { homedir } from "node:os";
import { dirname, join } from "node:path";

export type FirestoreEmulatorChoice =
  | { kind: "firebase-tools"; description: string }
  | { kind: "cloud-sdk"; jar: string; description: string };

const SDK_JAR = join("platform", "cloud-firestore-emulator", "cloud-firestore-emulator.jar");
const MAIN_CLASS = "com.google.cloud.datastore.emulator.firestore.CloudFirestore";

export function javaMajorVersion(): number | null {
  // `java -version` prints to stderr.
  const result = spawnSync("java", ["-version"], { encoding: "utf8" });
  return result.error ? null : parseJavaVersion(`${result.stderr}${result.stdout}`);
}

function parseJavaVersion(text: string): number | null {
  const match = /version "(\d+)(?:\.(\d+))?/.exec(text);
  if (!match) return null;
  const major = Number(match[1]);
  return major === 1 ? Number(match[2]) : major;
}

function cloudSdkRoots(): string[] {
  const roots = [
    process.env.CLOUDSDK_ROOT_DIR,
    "/usr/lib/google-cloud-sdk",
    "/usr/share/google-cloud-sdk",
    "/opt/google-cloud-sdk",
    "/google/google-cloud-sdk",
    join(homedir(), "google-cloud-sdk"),
  ];
  try {
    const gcloud = execFileSync("which", ["gcloud"], { encoding: "utf8", stdio: "pipe" }).trim();
    if (gcloud) roots.unshift(dirname(dirname(realpathSync(gcloud))));
  } catch {
    // no gcloud on PATH: the fixed locations above still apply
  }
  return roots.filter((root): root is string => Boolean(root));
}

export function findCloudSdkJar(): string | null {
  const explicit = process.env.FIRESTORE_EMULATOR_JAR;
  if (explicit) return existsSync(explicit) ? explicit : null;
  for (const root of cloudSdkRoots()) {
    const jar = join(root, SDK_JAR);
    if (existsSync(jar)) return jar;
  }
  return null;
}

function firebaseToolsJarCached(): boolean {
  const cache = join(homedir(), ".cache", "firebase", "emulators");
  return (
    existsSync(cache) && readdirSync(cache).some((f) => /^cloud-firestore-emulator.*\.jar$/.test(f))
  );
}

export function chooseFirestoreEmulator(): FirestoreEmulatorChoice {
  const java = javaMajorVersion();
  if (java === null) {
    throw new Error(
      "No Java runtime found. The Firestore emulator needs Java: install Java 21+ " +
        "(e.g. `apt-get install openjdk-21-jre-headless`), or Java 17 plus the Cloud SDK " +
        "component `google-cloud-cli-firestore-emulator`.",
    );
  }
  const sdkJar = findCloudSdkJar();
  if (java >= 21 && (firebaseToolsJarCached() || !sdkJar)) {
    return { kind: "firebase-tools", description: `firebase-tools' own (Java ${java})` };
  }
  if (sdkJar) {
    return { kind: "cloud-sdk", jar: sdkJar, description: `Cloud SDK ${sdkJar} (Java ${java})` };
  }
  throw new Error(
    `Java ${java} found, but firebase-tools' Firestore emulator needs Java 21+ and no Cloud SDK ` +
      "Firestore emulator was found. Install Java 21+, or the Cloud SDK component " +
      "`google-cloud-cli-firestore-emulator` (or set FIRESTORE_EMULATOR_JAR to its JAR).",
  );
}

export function startCloudSdkFirestore(jar: string, port: number): ChildProcess {
  return spawn(
    "java",
    ["-Duser.language=en", "-cp", jar, MAIN_CLASS, "--host=127.0.0.1", `--port=${port}`],
    { stdio: ["ignore", "pipe", "pipe"], detached: false },
  );
}
