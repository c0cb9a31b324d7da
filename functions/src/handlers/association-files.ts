/**
 * The association files that let the apps open reset links instead of the browser, generated
 * from the configured apps (config/app-links.ts). Both claim only the reset page's path, so
 * every other URL of the site stays in the browser; with no app configured there is no file.
 */
import type { AppConfig } from "../config/config";

/**
 * Apple: `applinks.details[]` with `appIDs` (`<Team ID>.<bundle id>`) and `components`, whose
 * `/` key matches the URL path (iOS 13+; the fragment carrying the token may be anything).
 * https://developer.apple.com/documentation/xcode/supporting-associated-domains
 * https://developer.apple.com/documentation/bundleresources/applinks/details
 * https://developer.apple.com/documentation/bundleresources/applinks/details/components
 */
export function appleAppSiteAssociation(config: AppConfig): object | null {
  const { appleAppIds } = config.appLinks;
  if (appleAppIds.length === 0) return null;
  return {
    applinks: {
      details: [
        {
          appIDs: appleAppIds,
          components: [{ "/": resetPath(config), comment: "Password reset links only" }],
        },
      ],
    },
  };
}

/**
 * Android: one `delegate_permission/common.handle_all_urls` statement per app. Which paths open
 * the app is the manifest's intent filter (docs/mobile.md asks for the reset path only); Android
 * 15+ also applies `dynamic_app_link_components`, which older versions ignore.
 * https://developer.android.com/training/app-links/configure-assetlinks
 * https://developer.android.com/training/app-links/faq
 */
export function assetLinks(config: AppConfig): object[] | null {
  const { androidApps } = config.appLinks;
  if (androidApps.length === 0) return null;
  const relation = "delegate_permission/common.handle_all_urls";
  return androidApps.map((app) => ({
    relation: [relation],
    target: {
      namespace: "android_app",
      package_name: app.packageName,
      sha256_cert_fingerprints: app.sha256CertFingerprints,
    },
    relation_extensions: {
      [relation]: { dynamic_app_link_components: [{ "/": resetPath(config) }] },
    },
  }));
}

/** The page's path as the mails link to it: `${RESET_PAGE_URL}#token=…`. */
function resetPath(config: AppConfig): string {
  return new URL(config.resetPageUrl).pathname;
}
