/**
 * The IAM part of `npm run check-config`: reads, with the operator's Application Default
 * Credentials, the IAM policies that decide whether the deployed functions can enqueue and run
 * their tasks, and names each missing role with the gcloud command that grants it. It changes
 * nothing. Without credentials or a project it says it could not check (a warning, not a pass).
 *
 * The functions run as the default compute service account unless one is set
 * (https://cloud.google.com/functions/docs/concepts/iam, "Runtime service accounts"); the tasks
 * they enqueue carry that account's OIDC token. What it needs:
 * - Cloud Tasks Enqueuer to create tasks (https://cloud.google.com/tasks/docs/reference-access-control);
 * - Service Account User on itself, to put its identity on a task
 *   (https://cloud.google.com/tasks/docs/creating-http-target-tasks);
 * - Cloud Run Invoker on each task function, which is private
 *   (https://cloud.google.com/run/docs/triggering/using-tasks);
 * - Cloud Functions Viewer, to look up the task functions' URLs
 *   (https://cloud.google.com/functions/docs/reference/rest/v2/projects.locations.functions/get).
 * APIs read: Resource Manager projects.get / projects.getIamPolicy, IAM
 * serviceAccounts.getIamPolicy, Cloud Functions v2 functions.get, Cloud Run v2
 * services.getIamPolicy.
 */
import { REGION } from "../functions/src/config/region";
import { QUEUES } from "../functions/src/tasks/queues";
import type { CheckResult } from "./check-config";

export const GOOGLE_APIS = {
  resourceManager: "https://cloudresourcemanager.googleapis.com",
  iam: "https://iam.googleapis.com",
  cloudFunctions: "https://cloudfunctions.googleapis.com",
  run: "https://run.googleapis.com",
};

export interface IamCheckOptions {
  projectId?: string;
  /** The functions' runtime account; default: the project's default compute account. */
  serviceAccount?: string;
  /** An OAuth access token; default: Application Default Credentials. */
  accessToken?: () => Promise<string>;
  apis?: Partial<typeof GOOGLE_APIS>;
}

interface Binding {
  role: string;
  members?: string[];
  condition?: unknown;
}

class ApiError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

// Roles that carry the permission. Owner and Editor are basic roles that include them.
const ENQUEUE = [
  "roles/cloudtasks.enqueuer",
  "roles/cloudtasks.admin",
  "roles/editor",
  "roles/owner",
];
const ACT_AS = ["roles/iam.serviceAccountUser", "roles/editor", "roles/owner"];
const VIEW_FUNCTIONS = [
  "roles/cloudfunctions.viewer",
  "roles/cloudfunctions.developer",
  "roles/cloudfunctions.admin",
  "roles/viewer",
  "roles/editor",
  "roles/owner",
];
const INVOKE = [
  "roles/run.invoker",
  "roles/run.servicesInvoker",
  "roles/run.admin",
  "roles/editor",
  "roles/owner",
];

async function adcToken(): Promise<string> {
  const { applicationDefault } = await import("firebase-admin/app");
  return (await applicationDefault().getAccessToken()).access_token;
}

const unchecked = (check: string, detail: string): CheckResult => ({
  check,
  status: "warn",
  detail: `not checked: ${detail}`,
});

/** Roles from `wanted` that a policy grants `member` unconditionally. */
function grantedRoles(bindings: Binding[] | undefined, member: string, wanted: string[]): string[] {
  return (bindings ?? [])
    .filter((b) => !b.condition && wanted.includes(b.role) && b.members?.includes(member))
    .map((b) => b.role);
}

export async function checkIam(options: IamCheckOptions): Promise<CheckResult[]> {
  const { projectId } = options;
  if (!projectId) {
    return [unchecked("IAM", "no project; pass --project PROJECT_ID or set GOOGLE_CLOUD_PROJECT")];
  }
  if (projectId.startsWith("demo-")) {
    return [unchecked("IAM", `${projectId} is a local demo project`)];
  }
  const apis = { ...GOOGLE_APIS, ...options.apis };
  let token: string;
  try {
    token = await (options.accessToken ?? adcToken)();
  } catch (error) {
    return [
      unchecked(
        "IAM",
        "no Application Default Credentials (run `gcloud auth application-default login`): " +
          (error as Error).message.split("\n")[0],
      ),
    ];
  }

  async function call<T>(method: "GET" | "POST", url: string, body?: unknown): Promise<T> {
    const response = await fetch(url, {
      method,
      headers: {
        authorization: `Bearer ${token}`,
        ...(body === undefined ? {} : { "content-type": "application/json" }),
      },
      body: body === undefined ? undefined : JSON.stringify(body),
      signal: AbortSignal.timeout(15_000),
    });
    const text = await response.text();
    if (!response.ok) {
      let message = text.slice(0, 300);
      try {
        message = (JSON.parse(text) as { error?: { message?: string } }).error?.message ?? message;
      } catch {
        // not JSON
      }
      throw new ApiError(response.status, message);
    }
    return JSON.parse(text) as T;
  }
  const problem = (error: unknown) =>
    error instanceof ApiError ? `HTTP ${error.status}: ${error.message}` : (error as Error).message;

  let account = options.serviceAccount;
  let projectBindings: Binding[];
  try {
    if (!account) {
      const project = await call<{ projectNumber: string }>(
        "GET",
        `${apis.resourceManager}/v1/projects/${projectId}`,
      );
      account = `${project.projectNumber}-compute@developer.gserviceaccount.com`;
    }
    const policy = await call<{ bindings?: Binding[] }>(
      "POST",
      `${apis.resourceManager}/v1/projects/${projectId}:getIamPolicy`,
      { options: { requestedPolicyVersion: 3 } },
    );
    projectBindings = policy.bindings ?? [];
  } catch (error) {
    return [
      unchecked(
        "IAM",
        `could not read project ${projectId}'s IAM policy (needs resourcemanager.projects.get and ` +
          `resourcemanager.projects.getIamPolicy, e.g. roles/iam.securityReviewer): ${problem(error)}`,
      ),
    ];
  }
  const member = `serviceAccount:${account}`;
  const results: CheckResult[] = [];

  function report(check: string, roles: string[], fix: string) {
    results.push(
      roles.length
        ? { check, status: "ok", detail: `granted (${roles.join(", ")})` }
        : { check, status: "fail", detail: `missing; grant it with: ${fix}` },
    );
  }

  report(
    `IAM: Cloud Tasks Enqueuer for ${account}`,
    grantedRoles(projectBindings, member, ENQUEUE),
    `gcloud projects add-iam-policy-binding ${projectId} --member=${member} --role=roles/cloudtasks.enqueuer`,
  );

  const actAsCheck = `IAM: Service Account User on ${account} for itself`;
  try {
    const accountPolicy = await call<{ bindings?: Binding[] }>(
      "POST",
      `${apis.iam}/v1/projects/${projectId}/serviceAccounts/${account}:getIamPolicy`,
    );
    report(
      actAsCheck,
      [
        ...grantedRoles(projectBindings, member, ACT_AS),
        ...grantedRoles(accountPolicy.bindings, member, ACT_AS),
      ],
      `gcloud iam service-accounts add-iam-policy-binding ${account} --project=${projectId} ` +
        `--member=${member} --role=roles/iam.serviceAccountUser`,
    );
  } catch (error) {
    results.push(unchecked(actAsCheck, problem(error)));
  }

  report(
    `IAM: Cloud Functions Viewer for ${account}`,
    grantedRoles(projectBindings, member, VIEW_FUNCTIONS),
    `gcloud projects add-iam-policy-binding ${projectId} --member=${member} --role=roles/cloudfunctions.viewer`,
  );

  for (const name of Object.keys(QUEUES)) {
    const check = `IAM: Cloud Run Invoker on ${name} for ${account}`;
    const onProject = grantedRoles(projectBindings, member, INVOKE);
    try {
      const fn = await call<{ serviceConfig?: { service?: string } }>(
        "GET",
        `${apis.cloudFunctions}/v2/projects/${projectId}/locations/${REGION}/functions/${name}`,
      );
      const service =
        fn.serviceConfig?.service ??
        `projects/${projectId}/locations/${REGION}/services/${name.toLowerCase()}`;
      const servicePolicy = await call<{ bindings?: Binding[] }>(
        "GET",
        `${apis.run}/v2/${service}:getIamPolicy`,
      );
      report(
        check,
        [...onProject, ...grantedRoles(servicePolicy.bindings, member, INVOKE)],
        `gcloud run services add-iam-policy-binding ${service.split("/").pop()} --project=${projectId} ` +
          `--region=${REGION} --member=${member} --role=roles/run.invoker`,
      );
    } catch (error) {
      if (onProject.length) {
        results.push({ check, status: "ok", detail: `granted (${onProject.join(", ")})` });
      } else if (error instanceof ApiError && error.status === 404) {
        results.push(unchecked(check, `${name} is not deployed yet: deploy, then run this again`));
      } else {
        results.push(unchecked(check, problem(error)));
      }
    }
  }
  return results;
}
