import { createServer, type Server } from "node:http";
import type { AddressInfo } from "node:net";
import { logger } from "firebase-functions";
import {
  BreachCheckError,
  createBreachedPasswords,
  isBreachedFailingOpen,
  listsSuffix,
  rangeKey,
} from "../../../functions/src/password/breached-passwords";

// SHA-1("password") = 5BAA61E4C9B93F3F0682250B6CF8331B7EE68FD8, the API documentation's example.
const PASSWORD = "password";
const SUFFIX = "1E4C9B93F3F0682250B6CF8331B7EE68FD8";

describe("rangeKey", () => {
  it("splits the upper-case SHA-1 after five characters: only the prefix is sent", () => {
    expect(rangeKey(PASSWORD)).toEqual({ prefix: "5BAA6", suffix: SUFFIX });
  });
});

describe("listsSuffix", () => {
  it("finds the suffix among SUFFIX:COUNT lines (CRLF, as the API sends them)", () => {
    const body = `0018A45C4D1DEF81644B54AB7F969B88D65:1\r\n${SUFFIX}:10434004\r\n00D4F6E8FA6EECAD2A3AA415EEC418D38EC:2`;
    expect(listsSuffix(body, SUFFIX)).toBe(true);
  });

  it("ignores padding entries: a listed suffix with count 0 is not breached", () => {
    expect(listsSuffix(`0018A45C4D1DEF81644B54AB7F969B88D65:1\r\n${SUFFIX}:0`, SUFFIX)).toBe(false);
  });

  it("compares case-insensitively and needs the whole suffix", () => {
    expect(listsSuffix(`${SUFFIX.toLowerCase()}:3`, SUFFIX)).toBe(true);
    expect(listsSuffix(`${SUFFIX.slice(0, 34)}:3`, SUFFIX)).toBe(false);
    expect(listsSuffix("", SUFFIX)).toBe(false);
  });
});

describe("createBreachedPasswords against a local HTTP server", () => {
  let server: Server;
  let url: string;
  let answer: (path: string, headers: Record<string, unknown>) => { status: number; body: string };
  const seen: Array<{ path: string; padding: unknown }> = [];

  beforeAll(async () => {
    server = createServer((req, res) => {
      seen.push({ path: req.url ?? "", padding: req.headers["add-padding"] });
      const { status, body } = answer(req.url ?? "", req.headers);
      if (status === 0) return; // never answers
      res.writeHead(status, { "content-type": "text/plain" }).end(body);
    });
    await new Promise<void>((resolve) => server.listen(0, "127.0.0.1", resolve));
    url = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
  });
  afterAll(async () => {
    server.closeAllConnections();
    await new Promise((resolve) => server.close(resolve));
  });
  beforeEach(() => (seen.length = 0));

  it("asks for the five-character range with Add-Padding: true and reads a listed password as breached", async () => {
    answer = () => ({ status: 200, body: `${SUFFIX}:10434004` });
    await expect(createBreachedPasswords({ apiUrl: url }).isBreached(PASSWORD)).resolves.toBe(true);
    expect(seen).toEqual([{ path: "/range/5BAA6", padding: "true" }]);
  });

  it("reads an unlisted password as not breached", async () => {
    answer = () => ({ status: 200, body: "0018A45C4D1DEF81644B54AB7F969B88D65:1" });
    await expect(createBreachedPasswords({ apiUrl: url }).isBreached(PASSWORD)).resolves.toBe(
      false,
    );
  });

  it("throws BreachCheckError timeout when the answer takes longer than the timeout", async () => {
    answer = () => ({ status: 0, body: "" });
    const check = createBreachedPasswords({ apiUrl: url, timeoutMs: 100 }).isBreached(PASSWORD);
    await expect(check).rejects.toEqual(new BreachCheckError("timeout"));
  });

  it("throws BreachCheckError with the status on a non-200 answer", async () => {
    answer = () => ({ status: 503, body: "busy" });
    await expect(createBreachedPasswords({ apiUrl: url }).isBreached(PASSWORD)).rejects.toEqual(
      new BreachCheckError("status_503"),
    );
  });

  it("throws BreachCheckError unreachable when nothing listens", async () => {
    const check = createBreachedPasswords({ apiUrl: "http://127.0.0.1:9" }).isBreached(PASSWORD);
    await expect(check).rejects.toEqual(new BreachCheckError("unreachable"));
  });
});

describe("isBreachedFailingOpen", () => {
  afterEach(() => jest.restoreAllMocks());

  it("fails open on a timeout: the password counts as not breached and password.breach_check_failed is logged, without the password or its hash", async () => {
    const entries: Array<Record<string, unknown>> = [];
    jest.spyOn(logger, "write").mockImplementation((entry) => void entries.push({ ...entry }));
    const slow = { isBreached: () => Promise.reject(new BreachCheckError("timeout")) };
    await expect(isBreachedFailingOpen(slow, PASSWORD, { requestId: "r-1" })).resolves.toBe(false);
    expect(entries).toEqual([
      {
        severity: "WARNING",
        message: "password.breach_check_failed",
        requestId: "r-1",
        reason: "timeout",
      },
    ]);
    expect(JSON.stringify(entries)).not.toMatch(/5BAA6|password"/i);
  });

  it("passes on what the check found, and lets unexpected errors through", async () => {
    await expect(
      isBreachedFailingOpen({ isBreached: async () => true }, PASSWORD, {}),
    ).resolves.toBe(true);
    const broken = { isBreached: () => Promise.reject(new TypeError("bug")) };
    await expect(isBreachedFailingOpen(broken, PASSWORD, {})).rejects.toThrow(TypeError);
  });
});
