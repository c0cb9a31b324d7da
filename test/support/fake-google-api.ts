/**
 * A local HTTP server that answers like a Google REST API: routes keyed by "METHOD /path", JSON
 * bodies, Google's error shape (`{error: {code, message, status}}`), and every request recorded.
 */
import express from "express";
import { listen } from "../../dev/stand-in";

export interface Recorded {
  method: string;
  path: string;
  authorization?: string;
  body: unknown;
}

export type Answer = { status: number; body: unknown };
export type Route = (request: Recorded) => Answer;

export type FakeGoogleApi = Awaited<ReturnType<typeof startFakeGoogleApi>>;

export const ok = (body: unknown): Answer => ({ status: 200, body });

/** Google's error body for a refused permission. */
export const denied = (message: string): Answer => ({
  status: 403,
  body: { error: { code: 403, message, status: "PERMISSION_DENIED" } },
});

/** Answers 404 until a test sets its routes ("METHOD /path" keys). */
export async function startFakeGoogleApi() {
  const requests: Recorded[] = [];
  const routes = new Map<string, Route>();
  const app = express()
    .use(express.json({ type: () => true }))
    .use((req, res) => {
      const path = decodeURIComponent(req.path);
      const { method, body } = req;
      const recorded: Recorded = { method, path, authorization: req.headers.authorization, body };
      requests.push(recorded);
      const route = routes.get(`${method} ${path}`);
      const answer = route
        ? route(recorded)
        : {
            status: 404,
            body: { error: { code: 404, message: `no route ${path}`, status: "NOT_FOUND" } },
          };
      res.status(answer.status).json(answer.body);
    });
  const server = await listen(app);
  // `host` is host:port, the form *_EMULATOR_HOST variables take.
  return { ...server, host: `127.0.0.1:${server.port}`, requests, routes };
}
