import { clientAddress, UNATTRIBUTED_CLIENT } from "../../../functions/src/http/client-address";

const withXff = (value?: string | string[]) => ({ headers: { "x-forwarded-for": value } });

describe("clientAddress (production: TRUSTED_PROXY_HOPS=2)", () => {
  it("takes the address Google's front end appended before its own, as documented: <supplied>,<client-ip>,<load-balancer-ip>", () => {
    expect(clientAddress(withXff("203.0.113.9, 34.96.0.1"), 2)).toBe("203.0.113.9");
    expect(clientAddress(withXff("198.51.100.7,203.0.113.9,34.96.0.1"), 2)).toBe("203.0.113.9");
  });

  it("ignores whatever the client wrote to the left: a forged victim address is not the key", () => {
    const forged = withXff("192.0.2.44, 10.0.0.1, 203.0.113.9, 34.96.0.1");
    expect(clientAddress(forged, 2)).toBe("203.0.113.9");
  });

  it("gives a chain shorter than the front end writes one shared key, never a fresh one", () => {
    expect(clientAddress(withXff("192.0.2.44"), 2)).toBe(UNATTRIBUTED_CLIENT);
    expect(clientAddress(withXff(""), 2)).toBe(UNATTRIBUTED_CLIENT);
    expect(clientAddress(withXff(undefined), 2)).toBe(UNATTRIBUTED_CLIENT);
  });

  it("refuses an entry that is not an IP address as a key", () => {
    expect(clientAddress(withXff("evil, 34.96.0.1"), 2)).toBe(UNATTRIBUTED_CLIENT);
    expect(clientAddress(withXff("unknown, 34.96.0.1"), 2)).toBe(UNATTRIBUTED_CLIENT);
  });

  it("reads IPv6 addresses and compares them case-insensitively", () => {
    expect(clientAddress(withXff("2001:DB8::1, 34.96.0.1"), 2)).toBe("2001:db8::1");
  });

  it("reads repeated headers as one list", () => {
    expect(clientAddress(withXff(["192.0.2.44", "203.0.113.9, 34.96.0.1"]), 2)).toBe("203.0.113.9");
  });
});

describe("clientAddress (local stack: TRUSTED_PROXY_HOPS=1)", () => {
  it("takes the right-most entry, the one the caller plays the front end with", () => {
    expect(clientAddress(withXff("192.0.2.44, 203.0.113.9"), 1)).toBe("203.0.113.9");
    expect(clientAddress(withXff("203.0.113.9"), 1)).toBe("203.0.113.9");
  });
});
