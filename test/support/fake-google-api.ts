/**
 * A local HTTP server that answers like a Google REST API: routes keyed by "METHOD /path", JSON
 * bodies, Google's error shape (`{error: {code, message, status}}`), and every request recorded.
 */
import { createServer, type IncomingMessage } from "node:http";
import type { AddressInfo } from "node:net";

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

async function readJson(request: IncomingMessage): Promise<unknown> {
  const chunks: Buffer[] = [];
  for await (const chunk of request) chunks.push(chunk as Buffer);
  const text = Buffer.concat(chunks).toString("utf8");
  return text ? (JSON.parse(text) as unknown) : undefined;
}

export async function startFakeGoogleApi(
  routes: Record<string, Route> = {},
): Promise<FakeGoogleApi> {
  const requests: Recorded[] = [];
  const table = new Map(Object.entries(routes));
  const server = createServer((request, response) => {
    void (async () => {
      const path = decodeURIComponent(new URL(request.url ?? "/", "http://x").pathname);
      const recorded: Recorded = {
        method: request.method ?? "GET",
        path,
        authorization: request.headers.authorization,
        body: await readJson(request),
      };
      requests.push(recorded);
      const route = table.get(`${recorded.method} ${path}`);
      const answer = route
        ? route(recorded)
        : {
            status: 404,
            body: { error: { code: 404, message: `no route ${path}`, status: "NOT_FOUND" } },
          };
      response.writeHead(answer.status, { "content-type": "application/json; charset=UTF-8" });
      response.end(JSON.stringify(answer.body));
    })();
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}`,
    host: `127.0.0.1:${port}`,
    requests,
    routes: table,
    close: () => new Promise((resolve) => server.close(() => resolve())),
  };
}
