/**
 * A counting proxy in front of the Firestore emulator. The functions reach Firestore through it
 * (their FIRESTORE_EMULATOR_HOST points here). The Admin SDK speaks gRPC over plaintext HTTP/2 to
 * the emulator, so the proxy forwards each HTTP/2 stream unchanged and reads the gRPC messages as
 * they pass, counting every RPC and every document it reads or writes:
 *   BatchGetDocuments  one read per requested document (found or missing, as Firestore bills them)
 *   RunQuery           one read per returned document, at least one per query
 *   Commit             one write per entry in `writes` (a set/update with its transforms is one),
 *                      one delete per delete entry (Firestore bills deletes apart)
 *   BeginTransaction / Rollback   RPCs only
 * Only the few protobuf fields needed are decoded (a ~30-line wire-format reader, no schema).
 * Loopback only.
 */
import http2, {
  type ClientHttp2Session,
  type IncomingHttpHeaders,
  type ServerHttp2Session,
} from "node:http2";
import type { AddressInfo } from "node:net";
import { summarize, type Summary } from "./stats";

export interface OperationCounts {
  reads: number;
  writes: number;
  deletes: number;
}

export interface FirestoreCounts extends OperationCounts {
  /** RPCs by method (commit, batchGet, beginTransaction, rollback, runQuery, …). */
  rpcs: Record<string, number>;
  /** RPCs that ended with a gRPC error, by "method status", e.g. "commit 10" (ABORTED). */
  failed: Record<string, number>;
  readsFound: number;
  readsMissing: number;
  /** Reads, writes and deletes by top-level collection. */
  byCollection: Record<string, OperationCounts>;
  /** Distinct documents written (not deleted), by top-level collection: what TTL will delete. */
  documentsWritten: Record<string, number>;
  /** Messages the proxy could not decode (compressed or malformed: not counted). */
  unparsed: number;
  /** Round-trip time through the proxy, by "method collection", e.g. "commit rateLimits". */
  latencyMs: Record<string, Summary>;
}

export interface FirestoreCounter {
  /** host:port to give the functions as FIRESTORE_EMULATOR_HOST. */
  host: string;
  snapshot(): FirestoreCounts;
  reset(): void;
  close(): Promise<void>;
}

const empty = (): FirestoreCounts => ({
  reads: 0,
  writes: 0,
  deletes: 0,
  rpcs: {},
  failed: {},
  readsFound: 0,
  readsMissing: 0,
  byCollection: {},
  documentsWritten: {},
  unparsed: 0,
  latencyMs: {},
});

// ---------------------------------------------------------------------------------------------
// Just enough of the protobuf wire format and gRPC framing
// ---------------------------------------------------------------------------------------------

interface Field {
  number: number;
  /** Length-delimited payload (strings, bytes, embedded messages); absent for scalars. */
  bytes?: Buffer;
}

/** The top-level fields of one protobuf message, in order. */
function fieldsOf(message: Buffer): Field[] {
  const fields: Field[] = [];
  let at = 0;
  const varint = (): number => {
    let value = 0;
    for (let shift = 0; ; shift += 7) {
      if (at >= message.length) throw new Error("truncated varint");
      const byte = message[at++];
      value += (byte & 0x7f) * 2 ** shift;
      if ((byte & 0x80) === 0) return value;
    }
  };
  while (at < message.length) {
    const key = varint();
    const number = Math.floor(key / 8);
    const wireType = key % 8;
    if (wireType === 0) varint();
    else if (wireType === 1) at += 8;
    else if (wireType === 5) at += 4;
    else if (wireType === 2) {
      const length = varint();
      fields.push({ number, bytes: message.subarray(at, at + length) });
      at += length;
      continue;
    } else throw new Error(`unsupported wire type ${wireType}`);
    fields.push({ number });
  }
  return fields;
}

const all = (message: Buffer, number: number) =>
  fieldsOf(message).filter((f) => f.number === number && f.bytes) as Array<Required<Field>>;

const first = (message: Buffer | undefined, number: number): Buffer | undefined =>
  message ? all(message, number)[0]?.bytes : undefined;

/** The messages of one direction of a gRPC stream: 1-byte flag, 4-byte length, payload. */
function grpcMessages(body: Buffer): { messages: Buffer[]; compressed: number } {
  const messages: Buffer[] = [];
  let compressed = 0;
  for (let at = 0; at + 5 <= body.length;) {
    const length = body.readUInt32BE(at + 1);
    if (body[at] === 1) compressed += 1;
    else messages.push(body.subarray(at + 5, at + 5 + length));
    at += 5 + length;
  }
  return { messages, compressed };
}

/** `projects/p/databases/(default)/documents/rateLimits/abc` -> `rateLimits`. */
function collectionOf(name: Buffer | string | undefined): string {
  const text = name?.toString("utf8") ?? "";
  const at = text.indexOf("/documents/");
  return at === -1 ? "?" : (text.slice(at + "/documents/".length).split("/")[0] ?? "?");
}

/** google.firestore.v1.Write: update (Document, name = 1) = 1, delete = 2, transform = 6. */
function documentOfWrite(write: Buffer): { name: string; deleted: boolean } {
  const deleted = first(write, 2);
  const target = first(first(write, 1), 1) ?? deleted ?? first(first(write, 6), 1);
  return { name: target?.toString("utf8") ?? "", deleted: deleted !== undefined };
}

const collectionOfWrite = (write: Buffer) => collectionOf(documentOfWrite(write).name);

const METHODS: Record<string, string> = {
  BatchGetDocuments: "batchGet",
  Commit: "commit",
  BeginTransaction: "beginTransaction",
  Rollback: "rollback",
  RunQuery: "runQuery",
  RunAggregationQuery: "runAggregationQuery",
};

// ---------------------------------------------------------------------------------------------
// The proxy
// ---------------------------------------------------------------------------------------------

export async function startFirestoreCounter(target: {
  host: string;
  port: number;
}): Promise<FirestoreCounter> {
  let counts = empty();
  let latencies: Record<string, number[]> = {};
  let written = new Set<string>();

  const add = (collection: string, kind: keyof OperationCounts, n = 1) => {
    counts[kind] += n;
    const entry = (counts.byCollection[collection] ??= { reads: 0, writes: 0, deletes: 0 });
    entry[kind] += n;
  };
  const addWrite = (write: Buffer) => {
    const { name, deleted } = documentOfWrite(write);
    const collection = collectionOf(name);
    add(collection, deleted ? "deletes" : "writes");
    if (deleted || written.has(name)) return;
    written.add(name);
    counts.documentsWritten[collection] = (counts.documentsWritten[collection] ?? 0) + 1;
  };

  function record(method: string, request: Buffer, response: Buffer, status: string, ms: number) {
    counts.rpcs[method] = (counts.rpcs[method] ?? 0) + 1;
    const requests = grpcMessages(request);
    const responses = grpcMessages(response);
    counts.unparsed += requests.compressed + responses.compressed;
    const [message] = requests.messages;
    let collection = "-";
    try {
      if (method === "batchGet" && message) {
        const documents = all(message, 2);
        collection = collectionOf(documents[0]?.bytes);
        if (status === "0") for (const d of documents) add(collectionOf(d.bytes), "reads");
        for (const answer of responses.messages) {
          for (const field of fieldsOf(answer)) {
            if (field.number === 1) counts.readsFound += 1;
            if (field.number === 2) counts.readsMissing += 1;
          }
        }
      } else if (method === "commit" && message) {
        const writes = all(message, 2);
        collection = writes.length ? collectionOfWrite(writes[0].bytes) : "-";
        if (status === "0") for (const w of writes) addWrite(w.bytes);
      } else if ((method === "runQuery" || method === "runAggregationQuery") && message) {
        // structured_query = 2 -> from = 2 -> collection_id = 2
        collection = first(first(first(message, 2), 2), 2)?.toString("utf8") ?? "?";
        const documents = responses.messages.filter((m) => first(m, 1)).length;
        if (status === "0") add(collection, "reads", Math.max(1, documents));
      }
    } catch {
      counts.unparsed += 1;
    }
    if (status !== "0")
      counts.failed[`${method} ${status}`] = (counts.failed[`${method} ${status}`] ?? 0) + 1;
    (latencies[`${method} ${collection}`] ??= []).push(ms);
  }

  // One upstream connection per downstream one, like the client would have had.
  const upstreams = new WeakMap<ServerHttp2Session, ClientHttp2Session>();
  const upstreamFor = (session: ServerHttp2Session): ClientHttp2Session => {
    let upstream = upstreams.get(session);
    if (!upstream || upstream.closed || upstream.destroyed) {
      upstream = http2.connect(`http://${target.host}:${target.port}`);
      upstream.on("error", () => undefined);
      upstreams.set(session, upstream);
      session.once("close", () => upstream?.close());
    }
    return upstream;
  };

  const server = http2.createServer({ settings: { maxConcurrentStreams: 1000 } });
  server.on("stream", (stream, headers) => {
    const started = performance.now();
    const name =
      String(headers[":path"] ?? "")
        .split("/")
        .pop() ?? "";
    const method = METHODS[name] ?? name.charAt(0).toLowerCase() + name.slice(1);
    const sent: Buffer[] = [];
    const received: Buffer[] = [];
    let trailers: IncomingHttpHeaders = {};
    let done = false;
    const finish = (status: string) => {
      if (done) return;
      done = true;
      const ms = performance.now() - started;
      record(method, Buffer.concat(sent), Buffer.concat(received), status, ms);
    };

    const upstream = upstreamFor(stream.session as ServerHttp2Session).request({ ...headers });
    stream.on("data", (chunk: Buffer) => {
      sent.push(chunk);
      upstream.write(chunk);
    });
    stream.on("end", () => upstream.end());
    stream.on("close", () => {
      if (!upstream.closed) upstream.close(http2.constants.NGHTTP2_CANCEL);
    });
    stream.on("wantTrailers", () => {
      stream.sendTrailers(trailers);
      finish(String(trailers["grpc-status"] ?? "?"));
    });
    stream.on("error", () => undefined);

    upstream.on("response", (answer, flags) => {
      if (stream.closed) return;
      // A "trailers-only" answer (typical of errors) carries grpc-status and ends the stream.
      if (flags & http2.constants.NGHTTP2_FLAG_END_STREAM) {
        stream.respond(answer, { endStream: true });
        finish(String(answer["grpc-status"] ?? "?"));
      } else {
        stream.respond(answer, { waitForTrailers: true });
      }
    });
    upstream.on("data", (chunk: Buffer) => {
      received.push(chunk);
      if (!stream.closed) stream.write(chunk);
    });
    upstream.on("trailers", (answer) => {
      trailers = answer;
    });
    upstream.on("end", () => {
      if (!stream.closed && !stream.writableEnded) stream.end();
    });
    upstream.on("error", () => {
      finish("proxy-error");
      if (!stream.closed) stream.close(http2.constants.NGHTTP2_INTERNAL_ERROR);
    });
  });
  const sessions = new Set<ServerHttp2Session>();
  server.on("session", (session) => {
    sessions.add(session);
    session.once("close", () => sessions.delete(session));
  });
  await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
  const { port } = server.address() as AddressInfo;

  return {
    host: `127.0.0.1:${port}`,
    snapshot: () => ({
      ...structuredClone(counts),
      latencyMs: Object.fromEntries(
        Object.entries(latencies).map(([key, values]) => [key, summarize(values)]),
      ),
    }),
    reset: () => {
      counts = empty();
      latencies = {};
      written = new Set();
    },
    close: () =>
      new Promise<void>((resolve) => {
        for (const session of sessions) {
          upstreams.get(session)?.destroy();
          session.destroy();
        }
        server.close(() => resolve());
      }),
  };
}
