import { describe, expect, it } from "vitest";
import type { IncomingMessage } from "node:http";
import { clientAddress, compileTrust, normalise, parseTrustedProxies } from "./client-address";

const req = (remote: string, xff?: string) =>
  ({
    socket: { remoteAddress: remote },
    connection: { remoteAddress: remote },
    headers: xff ? { "x-forwarded-for": xff } : {},
  }) as unknown as IncomingMessage;

describe("client address", () => {
  it("believes nobody by default: the socket address is the client whatever X-Forwarded-For says", () => {
    const trust = compileTrust(parseTrustedProxies(""));
    expect(clientAddress(req("127.0.0.1", "203.0.113.9"), trust)).toBe("127.0.0.1");
    expect(clientAddress(req("::ffff:198.51.100.4", "1.2.3.4, 5.6.7.8"), trust)).toBe("198.51.100.4");
  });

  it("behind a trusted proxy, reads X-Forwarded-For right to left up to the first untrusted hop", () => {
    const trust = compileTrust(parseTrustedProxies("loopback, 10.0.0.0/8"));
    expect(clientAddress(req("127.0.0.1", "203.0.113.9"), trust)).toBe("203.0.113.9");
    // A client that forges the header only adds addresses on the left: the proxy appended the real one.
    expect(clientAddress(req("127.0.0.1", "6.6.6.6, 203.0.113.9, 10.1.2.3"), trust)).toBe("203.0.113.9");
    // A request that did not come through the proxy is not believed.
    expect(clientAddress(req("198.51.100.7", "203.0.113.9"), trust)).toBe("198.51.100.7");
  });

  it("refuses a typo in the list at start", () => {
    expect(() => compileTrust(parseTrustedProxies("10.0.0.0/99"))).toThrow();
  });

  it("groups an IPv6 client by its /64", () => {
    expect(normalise("2001:db8:1:2:aaaa::1")).toBe("2001:db8:1:2::/64");
    expect(normalise("2001:db8:1:2:bbbb:cccc:dddd:eeee")).toBe("2001:db8:1:2::/64");
    expect(normalise("::1")).toBe("0:0:0:0::/64");
  });
});
