import { callableBodyProblem, guardCallable } from "../../../functions/src/http/callable-guard";
import { getMessages } from "../../../functions/src/i18n/messages";

const post = (body: unknown) => ({ method: "POST", body });

/** JSON.parse keeps `__proto__` as an own key, as the runtime's body parser does. */
const parsed = (json: string) => JSON.parse(json) as unknown;

describe("callableBodyProblem", () => {
  it("lets valid and ordinary invalid requests through to the SDK and our validation", () => {
    expect(callableBodyProblem(post({ data: { email: "alice@example.com" } }))).toBeNull();
    expect(callableBodyProblem(post({ data: null }))).toBeNull();
    expect(callableBodyProblem(post({ data: { email: [[["x"]]] } }))).toBeNull();
    // The SDK answers these itself, without logging anything sensitive.
    expect(callableBodyProblem({ method: "GET", body: {} })).toBeNull();
    expect(callableBodyProblem(post("text"))).toBeNull();
    expect(callableBodyProblem(post([{ data: 1 }]))).toBeNull();
  });

  it("refuses an envelope without data, which the SDK would log whole", () => {
    expect(callableBodyProblem(post({ email: "carol@example.com" }))).toEqual({
      key: "fieldRequired",
      params: { field: "data" },
    });
  });

  it("refuses typed values the SDK cannot decode, at any depth", () => {
    const typed = { key: "typedValue", params: { field: "request" } };
    expect(callableBodyProblem(post({ data: { "@type": "x" } }))).toEqual(typed);
    expect(
      callableBodyProblem(post({ data: { a: [{ b: { "@type": "x", value: "1" } }] } })),
    ).toEqual(typed);
  });

  it("refuses __proto__ keys, which the SDK's decoder would turn into a prototype", () => {
    expect(callableBodyProblem(post(parsed('{"data":{"__proto__":{"email":"a@b.co"}}}')))).toEqual({
      key: "unknownFields",
      params: { field: "request", fields: "__proto__" },
    });
  });

  it("refuses deep nesting without recursing itself, even 200,000 levels deep", () => {
    const deep = parsed(`{"data":{"email":${"[".repeat(200_000)}${"]".repeat(200_000)}}}`);
    expect(callableBodyProblem(post(deep))).toEqual({
      key: "nestedTooDeeply",
      params: { field: "request" },
    });
  });
});

describe("guardCallable", () => {
  it("keeps the function's deployment metadata and answers refusals in the callable protocol", async () => {
    const inner = Object.assign(jest.fn(), { __endpoint: { callableTrigger: {} }, run: jest.fn() });
    Object.defineProperty(inner, "__trigger", { get: () => ({ httpsTrigger: {} }) });
    const guarded = guardCallable(inner);
    expect((guarded as unknown as typeof inner).__endpoint).toEqual({ callableTrigger: {} });
    expect((guarded as unknown as { __trigger: unknown }).__trigger).toEqual({ httpsTrigger: {} });

    const res = { status: jest.fn(), json: jest.fn() };
    res.status.mockReturnValue(res);
    await guarded(post({ data: { "@type": "x" } }) as never, res as never);
    expect(inner).not.toHaveBeenCalled();
    expect(res.status).toHaveBeenCalledWith(400);
    expect(res.json).toHaveBeenCalledWith({
      error: {
        status: "INVALID_ARGUMENT",
        message: "request has an unsupported typed value",
        details: { code: "invalid_argument" },
      },
    });

    // Worded in the request's Accept-Language: the data itself is not to be trusted.
    const german = { ...post({ data: { "@type": "x" } }), headers: { "accept-language": "de" } };
    await guarded(german as never, res as never);
    expect(res.json).toHaveBeenLastCalledWith({
      error: expect.objectContaining({
        message: getMessages("de").api.typedValue.replace("{field}", "request"),
      }),
    });

    await guarded(post({ data: { email: "a@b.co" } }) as never, res as never);
    expect(inner).toHaveBeenCalledTimes(1);
  });
});
