/**
 * The association files as the phones fetch them: from Hosting (the emulator, through the
 * rewrites in firebase.json), generated from the demo stack's app settings (dev/demo-config.ts).
 * Apple and Google ask for a 200 with `application/json` and no redirect
 * (https://developer.apple.com/documentation/xcode/supporting-associated-domains,
 * https://developer.android.com/training/app-links/troubleshoot). Unconfigured (404) is
 * test/unit/http/well-known.test.ts, which serves the same handler with other settings.
 */
import { DEMO_ANDROID_FINGERPRINT } from "../../dev/demo-config";
import { hostingUrl, requestReset, resetAll, resetLinkFrom, waitForMail } from "../support/stack";

const fetchFile = (path: string, init: RequestInit = {}) =>
  fetch(`${hostingUrl}${path}`, { redirect: "manual", ...init });

describe("association files through Hosting", () => {
  it("serves apple-app-site-association: the demo app, the reset path only, as JSON", async () => {
    const response = await fetchFile("/.well-known/apple-app-site-association");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("location")).toBeNull();
    expect(await response.json()).toEqual({
      applinks: {
        details: [
          {
            appIDs: ["ABCDE12345.com.example.acmelamp"],
            components: [{ "/": "/reset", comment: "Password reset links only" }],
          },
        ],
      },
    });
  });

  it("serves assetlinks.json: the demo app and its fingerprint, the reset path only, as JSON", async () => {
    const response = await fetchFile("/.well-known/assetlinks.json");
    expect(response.status).toBe(200);
    expect(response.headers.get("content-type")).toBe("application/json");
    expect(response.headers.get("location")).toBeNull();
    expect(await response.json()).toEqual([
      {
        relation: ["delegate_permission/common.handle_all_urls"],
        target: {
          namespace: "android_app",
          package_name: "com.example.acmelamp",
          sha256_cert_fingerprints: [DEMO_ANDROID_FINGERPRINT],
        },
        relation_extensions: {
          "delegate_permission/common.handle_all_urls": {
            dynamic_app_link_components: [{ "/": "/reset" }],
          },
        },
      },
    ]);
  });

  it("claims exactly the path of the links in the mails", async () => {
    await resetAll();
    expect((await requestReset("alice@example.com")).status).toBe(200);
    const [mail] = await waitForMail("alice@example.com");
    const { pathname } = new URL(resetLinkFrom(mail));
    const aasa = await (await fetchFile("/.well-known/apple-app-site-association")).json();
    const assetLinks = await (await fetchFile("/.well-known/assetlinks.json")).json();
    expect(aasa.applinks.details[0].components).toEqual([
      expect.objectContaining({ "/": pathname }),
    ]);
    const extensions = assetLinks[0].relation_extensions;
    expect(extensions["delegate_permission/common.handle_all_urls"]).toEqual({
      dynamic_app_link_components: [{ "/": pathname }],
    });
  });

  it("answers HEAD without a body and refuses other methods", async () => {
    const head = await fetchFile("/.well-known/assetlinks.json", { method: "HEAD" });
    expect(head.status).toBe(200);
    expect(head.headers.get("content-type")).toBe("application/json");
    const post = await fetchFile("/.well-known/assetlinks.json", { method: "POST" });
    expect(post.status).toBe(405);
    expect(post.headers.get("allow")).toBe("GET");
    expect((await post.json()).error.code).toBe("method_not_allowed");
  });

  it("serves nothing else under /.well-known", async () => {
    const response = await fetchFile("/.well-known/apple-app-site-association.json");
    expect(response.status).toBe(404);
  });
});
