import { deleteApp, getApps } from "firebase-admin/app";
import { drainQueues, logMark } from "./stack";

// The stack's suites wait on real queues and servers: allow them time, never sleep blindly.
jest.setTimeout(90_000);

let mark = 0;
beforeEach(() => {
  mark = logMark();
});

// Every test leaves the queues empty, so a late mail can't land in the next test.
afterEach(async () => {
  await drainQueues(mark);
});

// Admin SDK channels would otherwise keep jest alive after the last test.
afterAll(async () => {
  await Promise.all(getApps().map((app) => deleteApp(app)));
});
