/**
 * App Check for the hosted pages, shared by the demo screen (landing.ts) and the reset page:
 * `appCheckToken()` gives the token to send as `X-Firebase-AppCheck` (the callable SDK sends it
 * by itself once App Check is set up on the app), or null where none is configured.
 *
 * Locally the token comes from the stack's App Check stand-in through the debug-token exchange
 * (https://firebase.google.com/docs/app-check/web/debug-provider). The JS SDK's own debug
 * provider (`self.FIREBASE_APPCHECK_DEBUG_TOKEN`) always exchanges at Google's endpoint
 * (content-firebaseappcheck.googleapis.com, fixed in @firebase/app-check), which is unreachable
 * offline, so a custom provider performs the same exchange against the stand-in, with the debug
 * token the stack registered there (hosting/__local/, written by scripts/stack, never deployed).
 * Deployed, the provider is reCAPTCHA Enterprise with the site key the reset page's config
 * carries (APP_CHECK_RECAPTCHA_SITE_KEY; https://firebase.google.com/docs/app-check/web/recaptcha-enterprise-provider).
 */
import type { FirebaseApp } from "firebase/app";
import {
  CustomProvider,
  getToken,
  initializeAppCheck,
  ReCaptchaEnterpriseProvider,
  type AppCheck,
} from "firebase/app-check";

interface LocalAppCheck {
  exchangeUrl: string;
  debugToken: string;
}

const LOCAL_HOSTS = ["127.0.0.1", "localhost"];

async function localConfig(): Promise<LocalAppCheck | null> {
  if (!LOCAL_HOSTS.includes(location.hostname)) return null;
  try {
    const response = await fetch(`/__local/app-check-${location.port}.json`, { cache: "no-store" });
    const body: unknown = response.ok ? await response.json() : null;
    const appCheck = (body as { appCheck?: LocalAppCheck } | null)?.appCheck;
    return appCheck?.exchangeUrl && appCheck.debugToken ? appCheck : null;
  } catch {
    return null;
  }
}

/** The debug-token exchange (`{debug_token}` → `{token, ttl: "3600s"}`), as the SDK makes it. */
function debugExchangeProvider(config: LocalAppCheck): CustomProvider {
  return new CustomProvider({
    async getToken() {
      const response = await fetch(config.exchangeUrl, {
        method: "POST",
        headers: { "content-type": "application/json" },
        body: JSON.stringify({ debug_token: config.debugToken }),
      });
      if (!response.ok) throw new Error(`App Check exchange failed: ${response.status}`);
      const { token, ttl } = (await response.json()) as { token: string; ttl: string };
      return { token, expireTimeMillis: Date.now() + parseFloat(ttl) * 1000 };
    },
  });
}

let appCheck: Promise<AppCheck | null> | undefined;

/**
 * Sets up App Check on the page's Firebase app, once: the local stack's debug exchange where it
 * is served, else reCAPTCHA Enterprise with `recaptchaSiteKey`; null where neither is available.
 */
export function setUpAppCheck(
  app: FirebaseApp,
  recaptchaSiteKey: string | null = null,
): Promise<AppCheck | null> {
  appCheck ??= localConfig().then((config) => {
    const provider = config
      ? debugExchangeProvider(config)
      : recaptchaSiteKey
        ? new ReCaptchaEnterpriseProvider(recaptchaSiteKey)
        : null;
    return provider ? initializeAppCheck(app, { provider, isTokenAutoRefreshEnabled: true }) : null;
  });
  return appCheck;
}

/** The token for `X-Firebase-AppCheck`, or null (App Check not set up, or the exchange failed). */
export async function appCheckToken(
  app: FirebaseApp,
  recaptchaSiteKey: string | null = null,
): Promise<string | null> {
  const check = await setUpAppCheck(app, recaptchaSiteKey);
  if (!check) return null;
  try {
    return (await getToken(check)).token;
  } catch {
    return null;
  }
}
