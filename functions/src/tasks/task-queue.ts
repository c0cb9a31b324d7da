/**
 * Cloud Tasks through the Admin SDK (the Tasks emulator when running locally).
 *
 * Deployed, each task must name the Cloud Run URL of its 2nd-gen function: without `uri`,
 * firebase-admin targets the 1st-gen `https://<region>-<project>.cloudfunctions.net/<name>`
 * form. Firebase's guide looks the URL up as the function's `serviceConfig.uri` from the Cloud
 * Functions API, which is what this does, once per queue per instance:
 * https://firebase.google.com/docs/functions/task-functions?gen=2nd (Enqueue the function)
 * https://cloud.google.com/functions/docs/reference/rest/v2/projects.locations.functions/get
 */
import type { App } from "firebase-admin/app";
import { adminApp } from "../admin-app";
import { REGION } from "../config/region";
import { log } from "../log";
import type { QueueName, TaskPayload } from "../contract/tasks";
import { DISPATCH_DEADLINE_SECONDS } from "./queues";

export interface EnqueueOptions {
  /** Run the task this many seconds from now (the Admin SDK's `scheduleDelaySeconds`). */
  delaySeconds?: number;
}

export interface TaskQueue {
  /** Only the queue's own payload type is accepted (contract/tasks.ts). */
  enqueue<Q extends QueueName>(
    queue: Q,
    payload: TaskPayload<Q>,
    options?: EnqueueOptions,
  ): Promise<void>;
}

/** The deploy is missing something a task needs (a permission, a function): not retryable. */
export class TaskQueueError extends Error {
  constructor(
    readonly queue: QueueName,
    /** HTTP status of the Google API that refused, 0 when none was reached. */
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = "TaskQueueError";
  }
}

export const CLOUD_FUNCTIONS_API_URL = "https://cloudfunctions.googleapis.com";

export interface TaskQueueOptions {
  /** The Admin SDK app whose credentials and project are used. */
  app?: () => App;
  /** Base URL of the Cloud Functions API (tests point it at a local server). */
  functionsApiUrl?: string;
  /** Skip the URL lookup; by default when running in the emulators. */
  emulated?: () => boolean;
  lookupTimeoutMs?: number;
}

// The Tasks emulator routes tasks by queue name and has no Cloud Functions API to ask.
const inEmulator = () =>
  Boolean(process.env.CLOUD_TASKS_EMULATOR_HOST || process.env.FUNCTIONS_EMULATOR === "true");

const ROLES_HINT =
  'see README "Deploy" for the gcloud commands, and run `npm run check-config -- --project PROJECT_ID`';

export function createTaskQueue(options: TaskQueueOptions = {}): TaskQueue {
  const app = options.app ?? adminApp;
  const emulated = options.emulated ?? inEmulator;
  const apiUrl = (options.functionsApiUrl ?? CLOUD_FUNCTIONS_API_URL).replace(/\/+$/, "");
  const timeoutMs = options.lookupTimeoutMs ?? 10_000;
  const uris = new Map<QueueName, Promise<string>>();

  async function lookUpUri(queue: QueueName): Promise<string> {
    const { projectId: appProject, credential } = app().options;
    const projectId = appProject ?? process.env.GCLOUD_PROJECT ?? process.env.GOOGLE_CLOUD_PROJECT;
    if (!projectId) throw new TaskQueueError(queue, 0, "No project id to look up task URLs in");
    if (!credential) throw new TaskQueueError(queue, 0, "The Admin SDK app has no credential");
    const name = `projects/${projectId}/locations/${REGION}/functions/${queue}`;
    const { access_token: token } = await credential.getAccessToken();
    const response = await fetch(`${apiUrl}/v2/${name}`, {
      headers: { authorization: `Bearer ${token}` },
      signal: AbortSignal.timeout(timeoutMs),
    });
    if (response.status === 403) {
      throw new TaskQueueError(
        queue,
        403,
        `Permission cloudfunctions.functions.get denied on ${name}: grant the functions' service ` +
          `account Cloud Functions Viewer (roles/cloudfunctions.viewer); ${ROLES_HINT}`,
      );
    }
    if (response.status === 404) {
      throw new TaskQueueError(queue, 404, `${name} is not deployed: run \`firebase deploy\``);
    }
    if (!response.ok) {
      throw new TaskQueueError(
        queue,
        response.status,
        `Looking up ${name} failed: HTTP ${response.status}`,
      );
    }
    const body = (await response.json()) as { serviceConfig?: { uri?: unknown } };
    const uri = body.serviceConfig?.uri;
    if (typeof uri !== "string" || !uri.startsWith("https://")) {
      throw new TaskQueueError(queue, response.status, `${name} has no serviceConfig.uri`);
    }
    return uri;
  }

  function uriOf(queue: QueueName): Promise<string> {
    let uri = uris.get(queue);
    if (!uri) {
      uri = lookUpUri(queue);
      uris.set(queue, uri);
      // Not cached when it failed: a fixed permission helps the very next request.
      uri.catch(() => uris.delete(queue));
    }
    return uri;
  }

  return {
    async enqueue(queue, payload, enqueueOptions = {}) {
      try {
        const uri = emulated() ? undefined : await uriOf(queue);
        const { getFunctions } = await import("firebase-admin/functions");
        await getFunctions(app())
          .taskQueue(`locations/${REGION}/functions/${queue}`)
          .enqueue(payload, {
            dispatchDeadlineSeconds: DISPATCH_DEADLINE_SECONDS[queue],
            ...(enqueueOptions.delaySeconds === undefined
              ? {}
              : { scheduleDelaySeconds: enqueueOptions.delaySeconds }),
            ...(uri ? { uri } : {}),
          });
      } catch (error) {
        const known = asTaskQueueError(queue, error);
        // Names the missing role or function; no secret is in it.
        if (known) {
          log.error("tasks.enqueue_failed", {
            queue,
            status: known.status,
            problem: known.message,
          });
        }
        throw known ?? error;
      }
    },
  };
}

/** Cloud Tasks' PERMISSION_DENIED, made to say which roles are missing. */
function asTaskQueueError(queue: QueueName, error: unknown): TaskQueueError | null {
  if (error instanceof TaskQueueError) return error;
  const code = (error as { code?: unknown })?.code;
  if (code !== "functions/permission-denied") return null;
  return new TaskQueueError(
    queue,
    403,
    `Cloud Tasks refused the task for ${queue} (${(error as Error).message}): the functions' ` +
      "service account needs Cloud Tasks Enqueuer (roles/cloudtasks.enqueuer, permission " +
      "cloudtasks.tasks.create) and Service Account User (roles/iam.serviceAccountUser, permission " +
      `iam.serviceAccounts.actAs) on itself, whose OIDC token the task carries; ${ROLES_HINT}`,
  );
}
