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

export interface FakeGoogleApi {
  url: string;
  /** Host and port, for *_EMULATOR_HOST variables. */
  host: string;
  requests: Recorded[];
  routes: Map<string, Route>;
  close(): Promise<void>;
}

export const ok = (body: unknown): Answer => ({ status: 200, body });

/** Google's error body for a refused permission. */
export const denied = (message: string): Answer => ({
  status: 403,
  body: { error: { code: 403, message, status: "PERMISSION_DENIED" } },
});

export async function startFakeGoogleApi(
  routes: Record<string, Route> = {},
): Promise<FakeGoogleApi> {
  const requests: Recorded[] = [];
  const table = new Map(Object.entries(routes));
  const app = express()
    .use(express.json({ type: () => true }))
    .use((req, res) => {
      const path = decodeURIComponent(req.path);
      const { method, body } = req;
      const recorded: Recorded = { method, path, authorization: req.headers.authorization, body };
      requests.push(recorded);
      const route = table.get(`${method} ${path}`);
      const answer = route
        ? route(recorded)
        : {
            status: 404,
            body: { error: { code: 404, message: `no route ${path}`, status: "NOT_FOUND" } },
          };
      res.status(answer.status).json(answer.body);
    });
  const server = await listen(app);
  return { ...server, host: `127.0.0.1:${server.port}`, requests, routes: table };
}
