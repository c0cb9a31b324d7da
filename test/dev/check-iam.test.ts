/**
 * check-config's IAM check against one local server answering like Resource Manager, IAM,
 * Cloud Functions v2 and Cloud Run v2 (their documented paths and policy shapes).
 */
import { checkIam, GOOGLE_APIS } from "../../scripts/check-iam";
import {
  denied,
  ok,
  startFakeGoogleApi,
  type Answer,
  type FakeGoogleApi,
} from "../support/fake-google-api";

const PROJECT = "acme-reset";
const ACCOUNT = "123456789-compute@developer.gserviceaccount.com";
const MEMBER = `serviceAccount:${ACCOUNT}`;
const QUEUES = ["deliverResetMail", "syncCustomerMirror", "deliverPasswordChangedMail"];

let google: FakeGoogleApi;

beforeAll(async () => {
  google = await startFakeGoogleApi();
});
afterAll(() => google.close());

interface Grants {
  project?: string[];
  account?: string[];
  services?: Record<string, string[]>;
  deployed?: boolean;
}

const policy = (roles: string[], members = [MEMBER]) =>
  ok({ version: 1, etag: "BwX=", bindings: roles.map((role) => ({ role, members })) });

function serve(grants: Grants, overrides: Record<string, () => Answer> = {}): void {
  google.requests.length = 0;
  google.routes.clear();
  const routes: Record<string, () => Answer> = {
    [`GET /v1/projects/${PROJECT}`]: () =>
      ok({ projectNumber: "123456789", projectId: PROJECT, lifecycleState: "ACTIVE" }),
    [`POST /v1/projects/${PROJECT}:getIamPolicy`]: () =>
      policy(grants.project ?? [], [MEMBER, "user:owner@acme.example"]),
    [`POST /v1/projects/${PROJECT}/serviceAccounts/${ACCOUNT}:getIamPolicy`]: () =>
      grants.account?.length ? policy(grants.account) : ok({ etag: "ACAB" }),
  };
  for (const name of QUEUES) {
    const service = name.toLowerCase();
    if (grants.deployed !== false) {
      routes[`GET /v2/projects/${PROJECT}/locations/us-central1/functions/${name}`] = () =>
        ok({
          name: `projects/${PROJECT}/locations/us-central1/functions/${name}`,
          serviceConfig: {
            service: `projects/${PROJECT}/locations/us-central1/services/${service}`,
            uri: `https://${service}-xyz-uc.a.run.app`,
          },
        });
    }
    routes[`GET /v2/projects/${PROJECT}/locations/us-central1/services/${service}:getIamPolicy`] =
      () => policy(grants.services?.[name] ?? []);
  }
  for (const [key, route] of Object.entries({ ...routes, ...overrides })) {
    google.routes.set(key, route);
  }
}

const run = (extra: Parameters<typeof checkIam>[0] = {}) =>
  checkIam({
    projectId: PROJECT,
    accessToken: async () => "operator-token",
    apis: Object.fromEntries(Object.keys(GOOGLE_APIS).map((api) => [api, google.url])),
    ...extra,
  });

const ALL_GRANTED: Grants = {
  project: ["roles/cloudtasks.enqueuer", "roles/cloudfunctions.viewer"],
  account: ["roles/iam.serviceAccountUser"],
  services: {
    deliverResetMail: ["roles/run.invoker"],
    syncCustomerMirror: ["roles/run.invoker"],
    deliverPasswordChangedMail: ["roles/run.invoker"],
  },
};

describe("check-config: IAM", () => {
  it("passes when every role is granted, reading only, with the operator's token", async () => {
    serve(ALL_GRANTED);
    expect(await run()).toEqual([
      {
        check: `IAM: Cloud Tasks Enqueuer for ${ACCOUNT}`,
        status: "ok",
        detail: "granted (roles/cloudtasks.enqueuer)",
      },
      {
        check: `IAM: Service Account User on ${ACCOUNT} for itself`,
        status: "ok",
        detail: "granted (roles/iam.serviceAccountUser)",
      },
      {
        check: `IAM: Cloud Functions Viewer for ${ACCOUNT}`,
        status: "ok",
        detail: "granted (roles/cloudfunctions.viewer)",
      },
      {
        check: `IAM: Cloud Run Invoker on deliverResetMail for ${ACCOUNT}`,
        status: "ok",
        detail: "granted (roles/run.invoker)",
      },
      {
        check: `IAM: Cloud Run Invoker on syncCustomerMirror for ${ACCOUNT}`,
        status: "ok",
        detail: "granted (roles/run.invoker)",
      },
      {
        check: `IAM: Cloud Run Invoker on deliverPasswordChangedMail for ${ACCOUNT}`,
        status: "ok",
        detail: "granted (roles/run.invoker)",
      },
    ]);
    expect(new Set(google.requests.map((r) => r.authorization))).toEqual(
      new Set(["Bearer operator-token"]),
    );
    expect(google.requests.map((r) => `${r.method} ${r.path}`)).toEqual([
      `GET /v1/projects/${PROJECT}`,
      `POST /v1/projects/${PROJECT}:getIamPolicy`,
      `POST /v1/projects/${PROJECT}/serviceAccounts/${ACCOUNT}:getIamPolicy`,
      `GET /v2/projects/${PROJECT}/locations/us-central1/functions/deliverResetMail`,
      `GET /v2/projects/${PROJECT}/locations/us-central1/services/deliverresetmail:getIamPolicy`,
      `GET /v2/projects/${PROJECT}/locations/us-central1/functions/syncCustomerMirror`,
      `GET /v2/projects/${PROJECT}/locations/us-central1/services/synccustomermirror:getIamPolicy`,
      `GET /v2/projects/${PROJECT}/locations/us-central1/functions/deliverPasswordChangedMail`,
      `GET /v2/projects/${PROJECT}/locations/us-central1/services/deliverpasswordchangedmail:getIamPolicy`,
    ]);
    expect(google.requests[1].body).toEqual({ options: { requestedPolicyVersion: 3 } });
  });

  it("names each missing role with the gcloud command that grants it", async () => {
    serve({ project: [], account: [], services: { deliverResetMail: ["roles/run.invoker"] } });
    const failed = (await run()).filter((r) => r.status !== "ok");
    expect(failed).toEqual([
      {
        check: `IAM: Cloud Tasks Enqueuer for ${ACCOUNT}`,
        status: "fail",
        detail: `missing; grant it with: gcloud projects add-iam-policy-binding ${PROJECT} --member=${MEMBER} --role=roles/cloudtasks.enqueuer`,
      },
      {
        check: `IAM: Service Account User on ${ACCOUNT} for itself`,
        status: "fail",
        detail: `missing; grant it with: gcloud iam service-accounts add-iam-policy-binding ${ACCOUNT} --project=${PROJECT} --member=${MEMBER} --role=roles/iam.serviceAccountUser`,
      },
      {
        check: `IAM: Cloud Functions Viewer for ${ACCOUNT}`,
        status: "fail",
        detail: `missing; grant it with: gcloud projects add-iam-policy-binding ${PROJECT} --member=${MEMBER} --role=roles/cloudfunctions.viewer`,
      },
      {
        check: `IAM: Cloud Run Invoker on syncCustomerMirror for ${ACCOUNT}`,
        status: "fail",
        detail: `missing; grant it with: gcloud run services add-iam-policy-binding synccustomermirror --project=${PROJECT} --region=us-central1 --member=${MEMBER} --role=roles/run.invoker`,
      },
      {
        check: `IAM: Cloud Run Invoker on deliverPasswordChangedMail for ${ACCOUNT}`,
        status: "fail",
        detail: `missing; grant it with: gcloud run services add-iam-policy-binding deliverpasswordchangedmail --project=${PROJECT} --region=us-central1 --member=${MEMBER} --role=roles/run.invoker`,
      },
    ]);
  });

  it("counts project-level and basic roles, but not conditional bindings or other members", async () => {
    serve(
      { project: ["roles/editor"] },
      {
        [`POST /v1/projects/${PROJECT}:getIamPolicy`]: () =>
          ok({
            bindings: [
              { role: "roles/editor", members: [MEMBER] },
              {
                role: "roles/run.invoker",
                members: ["serviceAccount:other@acme-reset.iam.gserviceaccount.com"],
              },
              {
                role: "roles/cloudtasks.enqueuer",
                members: [MEMBER],
                condition: { expression: "false" },
              },
            ],
          }),
      },
    );
    const results = await run();
    expect(results.every((r) => r.status === "ok")).toBe(true);
    expect(results[0].detail).toBe("granted (roles/editor)");
  });

  it("uses a given runtime service account instead of the default compute one", async () => {
    const custom = `reset-runtime@${PROJECT}.iam.gserviceaccount.com`;
    serve(
      {},
      { [`POST /v1/projects/${PROJECT}/serviceAccounts/${custom}:getIamPolicy`]: () => ok({}) },
    );
    const results = await run({ serviceAccount: custom });
    expect(results[0].check).toBe(`IAM: Cloud Tasks Enqueuer for ${custom}`);
    expect(google.requests.map((r) => r.path)).not.toContain(`/v1/projects/${PROJECT}`);
  });

  it("warns, without passing, when it cannot check", async () => {
    const noCredentials = await run({
      accessToken: async () => {
        throw new Error("Could not load the default credentials. Browse to https://…\nmore");
      },
    });
    expect(noCredentials).toEqual([
      {
        check: "IAM",
        status: "warn",
        detail:
          "not checked: no Application Default Credentials (run `gcloud auth application-default login`): Could not load the default credentials. Browse to https://…",
      },
    ]);
    expect(await run({ projectId: undefined })).toEqual([
      {
        check: "IAM",
        status: "warn",
        detail: "not checked: no project; pass --project PROJECT_ID or set GOOGLE_CLOUD_PROJECT",
      },
    ]);

    serve(ALL_GRANTED, {
      [`POST /v1/projects/${PROJECT}:getIamPolicy`]: () =>
        denied(`The caller does not have permission`),
    });
    expect(await run()).toEqual([
      {
        check: "IAM",
        status: "warn",
        detail: `not checked: could not read project ${PROJECT}'s IAM policy (needs resourcemanager.projects.get and resourcemanager.projects.getIamPolicy, e.g. roles/iam.securityReviewer): HTTP 403: The caller does not have permission`,
      },
    ]);
  });

  it("before the first deploy, says the task functions' invokers can't be checked yet", async () => {
    serve({ ...ALL_GRANTED, deployed: false });
    const results = await run();
    expect(results.slice(3)).toEqual(
      QUEUES.map((name) => ({
        check: `IAM: Cloud Run Invoker on ${name} for ${ACCOUNT}`,
        status: "warn",
        detail: `not checked: ${name} is not deployed yet: deploy, then run this again`,
      })),
    );
  });
});
