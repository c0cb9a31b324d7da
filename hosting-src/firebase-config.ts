/** The Firebase app config for the hosted pages (the demo screen's callable, App Check). */
import type { FirebaseOptions } from "firebase/app";

/** Used where Hosting does not serve a project config (the local stack's pages). */
const DEMO_CONFIG: FirebaseOptions = {
  projectId: "demo-particle-reset",
  apiKey: "demo-api-key",
  appId: "1:000000000000:web:demo",
};

/** Hosting serves the deployed project's config at this path; the demo values stand in locally. */
export async function firebaseConfig(): Promise<FirebaseOptions> {
  try {
    const response = await fetch("/__/firebase/init.json", { cache: "no-store" });
    const config: unknown = response.ok ? await response.json() : null;
    if (config && typeof config === "object") return config as FirebaseOptions;
  } catch {
    // Not served here, or not JSON.
  }
  return DEMO_CONFIG;
}
