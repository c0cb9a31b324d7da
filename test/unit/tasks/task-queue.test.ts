import type { PasswordChangedTask, ResetMailTask } from "../../../functions/src/contract/tasks";
/**
 * The queue client against local servers shaped like the Cloud Functions v2 API (the URL lookup)
 * and the Cloud Tasks API (reached through firebase-admin's own CLOUD_TASKS_EMULATOR_HOST
 * switch), so what is checked is the task firebase-admin really sends.
 */
import { deleteApp, initializeApp, type App } from "firebase-admin/app";
import { logger } from "firebase-functions";
import {
  createTaskQueue,
  TaskQueueError,
  type TaskQueueOptions,
} from "../../../functions/src/tasks/task-queue";
import { denied, ok, startFakeGoogleApi, type FakeGoogleApi } from "../../support/fake-google-api";

const PROJECT = "demo-tasks";
const RUNTIME_ACCOUNT = `runtime@${PROJECT}.iam.gserviceaccount.com`;
const FUNCTION_PATH = (name: string) =>
  `/v2/projects/${PROJECT}/locations/us-central1/functions/${name}`;
const QUEUE_PATH = (name: string) =>
  `/projects/${PROJECT}/locations/us-central1/queues/${name}/tasks`;
const RUN_URL = {
  deliverResetMail: "https://deliverresetmail-abc123-uc.a.run.app",
  deliverPasswordChangedMail: "https://deliverpasswordchangedmail-abc123-uc.a.run.app",
};

interface SentTask {
  httpRequest: { url: string; body: string; oidcToken?: { serviceAccountEmail: string } };
  dispatchDeadline?: string;
  scheduleTime?: string;
}

let functionsApi: FakeGoogleApi;
let tasksApi: FakeGoogleApi;
let app: App;
const logged: Array<Record<string, unknown>> = [];
const savedTasksHost = process.env.CLOUD_TASKS_EMULATOR_HOST;

beforeAll(async () => {
  [functionsApi, tasksApi] = await Promise.all([startFakeGoogleApi(), startFakeGoogleApi()]);
  app = initializeApp(
    {
      projectId: PROJECT,
      serviceAccountId: RUNTIME_ACCOUNT,
      credential: { getAccessToken: async () => ({ access_token: "adc-token", expires_in: 3600 }) },
    },
    "task-queue-test",
  );
});

beforeEach(() => {
  functionsApi.requests.length = 0;
  tasksApi.requests.length = 0;
  functionsApi.routes.clear();
  for (const [name, uri] of Object.entries(RUN_URL)) {
    // The documented Function resource: the Cloud Run URL is serviceConfig.uri.
    functionsApi.routes.set(`GET ${FUNCTION_PATH(name)}`, () =>
      ok({
        name: `projects/${PROJECT}/locations/us-central1/functions/${name}`,
        environment: "GEN_2",
        state: "ACTIVE",
        url: `https://us-central1-${PROJECT}.cloudfunctions.net/${name}`,
        serviceConfig: {
          service: `projects/${PROJECT}/locations/us-central1/services/${name.toLowerCase()}`,
          uri,
          serviceAccountEmail: RUNTIME_ACCOUNT,
        },
      }),
    );
  }
  for (const name of Object.keys(RUN_URL)) {
    tasksApi.routes.set(`POST ${QUEUE_PATH(name)}`, (request) => ok(request.body));
  }
  process.env.CLOUD_TASKS_EMULATOR_HOST = tasksApi.host;
  logged.length = 0;
  jest.spyOn(logger, "write").mockImplementation((entry) => {
    logged.push(entry as unknown as Record<string, unknown>);
  });
});

afterEach(() => {
  process.env.CLOUD_TASKS_EMULATOR_HOST = savedTasksHost;
  if (savedTasksHost === undefined) delete process.env.CLOUD_TASKS_EMULATOR_HOST;
  jest.restoreAllMocks();
});

afterAll(async () => {
  await deleteApp(app);
  await Promise.all([functionsApi.close(), tasksApi.close()]);
});

const queue = (options: Partial<TaskQueueOptions> = {}) =>
  createTaskQueue({
    app: () => app,
    functionsApiUrl: functionsApi.url,
    emulated: () => false,
    ...options,
  });

const sentTasks = () =>
  tasksApi.requests.map((r) => ({ path: r.path, task: (r.body as { task: SentTask }).task }));

const payloadOf = (task: SentTask) =>
  JSON.parse(Buffer.from(task.httpRequest.body, "base64").toString("utf8")) as unknown;

/** Payloads of the queues' own types (contract/tasks.ts), told apart by `requestId`/`email`. */
const resetTask = (requestId: string): ResetMailTask => ({
  requestId,
  productId: "12345",
  email: "alice@example.com",
  locale: "en",
  requestedAt: "2026-12-01T12:00:00.000Z",
});
const changedTask = (email: string): PasswordChangedTask => ({
  productId: "12345",
  email,
  locale: "en",
  changedAt: "2026-12-01T12:00:00.000Z",
});

describe("task queue client", () => {
  it("targets each task function's Cloud Run URL, looked up once per queue with the app's credentials", async () => {
    const tasks = queue();
    await tasks.enqueue("deliverResetMail", resetTask("r1"));
    await tasks.enqueue("deliverResetMail", resetTask("r2"));
    await tasks.enqueue("deliverPasswordChangedMail", changedTask("r3@example.com"));

    expect(functionsApi.requests).toEqual([
      {
        method: "GET",
        path: FUNCTION_PATH("deliverResetMail"),
        authorization: "Bearer adc-token",
        body: undefined,
      },
      {
        method: "GET",
        path: FUNCTION_PATH("deliverPasswordChangedMail"),
        authorization: "Bearer adc-token",
        body: undefined,
      },
    ]);
    const sent = sentTasks();
    expect(sent.map((s) => [s.path, s.task.httpRequest.url, s.task.dispatchDeadline])).toEqual([
      [QUEUE_PATH("deliverResetMail"), RUN_URL.deliverResetMail, "180s"],
      [QUEUE_PATH("deliverResetMail"), RUN_URL.deliverResetMail, "180s"],
      [QUEUE_PATH("deliverPasswordChangedMail"), RUN_URL.deliverPasswordChangedMail, "120s"],
    ]);
    expect(sent.map((s) => s.task.httpRequest.oidcToken)).toEqual(
      Array(3).fill({ serviceAccountEmail: RUNTIME_ACCOUNT }),
    );
    expect(sent.map((s) => payloadOf(s.task))).toEqual([
      { data: resetTask("r1") },
      { data: resetTask("r2") },
      { data: changedTask("r3@example.com") },
    ]);
    expect(sent.map((s) => s.task.scheduleTime)).toEqual([undefined, undefined, undefined]);
  });

  it("delaySeconds schedules the task that many seconds ahead", async () => {
    const before = Date.now();
    await queue().enqueue("deliverResetMail", resetTask("later"), { delaySeconds: 90 });
    const [{ task }] = sentTasks();
    const delayMs = Date.parse(task.scheduleTime!) - before;
    expect(delayMs).toBeGreaterThanOrEqual(89_000);
    expect(delayMs).toBeLessThanOrEqual(92_000);
  });

  it("a 403 from the lookup is a TaskQueueError naming the role, and is not cached", async () => {
    functionsApi.routes.set(`GET ${FUNCTION_PATH("deliverResetMail")}`, () =>
      denied(
        `Permission 'cloudfunctions.functions.get' denied on 'projects/${PROJECT}/locations/us-central1/functions/deliverResetMail'`,
      ),
    );
    const tasks = queue();
    const failure = tasks.enqueue("deliverResetMail", resetTask("r1"));
    await expect(failure).rejects.toBeInstanceOf(TaskQueueError);
    await expect(failure).rejects.toMatchObject({
      queue: "deliverResetMail",
      status: 403,
      message: expect.stringContaining(
        "Permission cloudfunctions.functions.get denied on " +
          `projects/${PROJECT}/locations/us-central1/functions/deliverResetMail: grant the ` +
          "functions' service account Cloud Functions Viewer (roles/cloudfunctions.viewer)",
      ),
    });
    expect(sentTasks()).toEqual([]);
    expect(logged).toEqual([
      {
        severity: "ERROR",
        message: "tasks.enqueue_failed",
        queue: "deliverResetMail",
        status: 403,
        problem: expect.stringContaining("roles/cloudfunctions.viewer"),
      },
    ]);

    // Once the role is granted, the next request succeeds without a new instance.
    functionsApi.routes.delete(`GET ${FUNCTION_PATH("deliverResetMail")}`);
    functionsApi.routes.set(`GET ${FUNCTION_PATH("deliverResetMail")}`, () =>
      ok({ serviceConfig: { uri: RUN_URL.deliverResetMail } }),
    );
    await tasks.enqueue("deliverResetMail", resetTask("r2"));
    expect(sentTasks().map((s) => s.task.httpRequest.url)).toEqual([RUN_URL.deliverResetMail]);
    expect(functionsApi.requests).toHaveLength(2);
  });

  it("a function that is not deployed, or has no Cloud Run URL, is a TaskQueueError", async () => {
    functionsApi.routes.clear();
    await expect(queue().enqueue("deliverResetMail", resetTask("r0"))).rejects.toThrow(
      new TaskQueueError(
        "deliverResetMail",
        404,
        `projects/${PROJECT}/locations/us-central1/functions/deliverResetMail is not deployed: run \`firebase deploy\``,
      ),
    );
    functionsApi.routes.set(`GET ${FUNCTION_PATH("deliverResetMail")}`, () => ok({ name: "x" }));
    await expect(queue().enqueue("deliverResetMail", resetTask("r0"))).rejects.toThrow(
      `projects/${PROJECT}/locations/us-central1/functions/deliverResetMail has no serviceConfig.uri`,
    );
    expect(sentTasks()).toEqual([]);
  });

  it("Cloud Tasks' PERMISSION_DENIED names the enqueuer and service account user roles", async () => {
    tasksApi.routes.set(`POST ${QUEUE_PATH("deliverResetMail")}`, () =>
      denied(
        `The principal (user or service account) lacks IAM permission "cloudtasks.tasks.create" for the resource "projects/${PROJECT}/locations/us-central1/queues/deliverResetMail"`,
      ),
    );
    const failure = queue().enqueue("deliverResetMail", resetTask("r0"));
    await expect(failure).rejects.toBeInstanceOf(TaskQueueError);
    await expect(failure).rejects.toMatchObject({
      status: 403,
      message: expect.stringMatching(
        /lacks IAM permission "cloudtasks\.tasks\.create".*Cloud Tasks Enqueuer \(roles\/cloudtasks\.enqueuer.*Service Account User \(roles\/iam\.serviceAccountUser/,
      ),
    });
  });

  it("in the emulators it skips the lookup, and the Tasks emulator routes by queue name", async () => {
    await queue({ emulated: undefined }).enqueue("deliverResetMail", resetTask("local"));
    expect(functionsApi.requests).toEqual([]);
    const [{ path, task }] = sentTasks();
    expect(path).toBe(QUEUE_PATH("deliverResetMail"));
    expect(task.httpRequest.url).toBe("");
    expect(task.dispatchDeadline).toBe("180s");
  });
});
