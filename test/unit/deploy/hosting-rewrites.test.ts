/**
 * What Hosting hands to which function (firebase.json): every callable has a same-origin path
 * for web clients, the association files go to `appLinks`, and Hosting's own association files
 * (for the retired Dynamic Links) are off, so ours are the ones served:
 * https://firebase.google.com/docs/reference/hosting/rest/v1beta1/sites.versions#servingconfig
 * (`appAssociation`: AUTO creates them from the project's apps, NONE leaves them alone).
 */
import firebaseJson from "../../../firebase.json";
import { REGION } from "../../../functions/src/config/region";
import { CALLABLES } from "../../../functions/src/contract/api";
import { APP_LINK_FILES, CALLABLE_PATHS } from "../../../functions/src/contract/paths";

const hosting = firebaseJson.hosting as {
  appAssociation?: string;
  rewrites: Array<{ source: string; function?: { functionId: string; region: string } }>;
};
const target = (source: string) => hosting.rewrites.find((r) => r.source === source)?.function;

describe("Hosting rewrites", () => {
  it("gives every callable a same-origin path", () => {
    expect(Object.keys(CALLABLE_PATHS).sort()).toEqual(Object.keys(CALLABLES).sort());
  });

  it.each(Object.entries(CALLABLE_PATHS))("%s: %s reaches it", (name, path) => {
    expect(target(path)).toEqual({ functionId: name, region: REGION });
  });

  it.each(Object.values(APP_LINK_FILES))("%s reaches appLinks", (path) => {
    expect(target(path)).toEqual({ functionId: "appLinks", region: REGION });
  });

  it("leaves the association files to us", () => {
    expect(hosting.appAssociation).toBe("NONE");
  });
});
