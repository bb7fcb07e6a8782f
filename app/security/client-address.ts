// Who is on the other end of a request. The socket address is the client, unless the request came
// through a reverse proxy listed in TRAME_TRUSTED_PROXIES: only then is X-Forwarded-For believed, read
// right to left up to the first address that is not a trusted proxy (proxy-addr, as Express does).
import type { IncomingMessage } from "node:http";
import proxyaddr from "proxy-addr";

export type TrustProxy = (addr: string, hop: number) => boolean;

/** "loopback, 10.0.0.0/8, 192.168.1.7": IPs, CIDR ranges or proxy-addr's names (loopback, linklocal, uniquelocal). */
export function parseTrustedProxies(value: string | undefined): string[] {
  return (value ?? "")
    .split(/[\s,]+/)
    .map((s) => s.trim())
    .filter(Boolean);
}

/** Throws on an entry that is not an address, a range or a known name, so a typo is seen at start. */
export function compileTrust(list: string[]): TrustProxy {
  if (list.length === 0) return () => false;
  return proxyaddr.compile(list);
}

/** The header our server sets (after removing whatever the client sent) for better-auth to read. */
export const CLIENT_ADDRESS_HEADER = "x-trame-client-address";

export function clientAddress(req: IncomingMessage, trust: TrustProxy): string {
  try {
    return normalise(proxyaddr(req, trust));
  } catch {
    return normalise(req.socket.remoteAddress ?? "");
  }
}

/** IPv4-mapped IPv6 as plain IPv4; IPv6 collapsed to its /64 (one household or one organisation). */
export function normalise(addr: string): string {
  const a = addr.startsWith("::ffff:") && addr.includes(".") ? addr.slice(7) : addr;
  if (!a.includes(":")) return a || "unknown";
  const parts = expandIpv6(a);
  return parts ? `${parts.slice(0, 4).join(":")}::/64` : a;
}

function expandIpv6(a: string): string[] | null {
  const [head, tail] = a.split("::");
  const h = head ? head.split(":") : [];
  const t = tail !== undefined ? (tail ? tail.split(":") : []) : [];
  if (tail === undefined && h.length !== 8) return null;
  const middle = Array(8 - h.length - t.length).fill("0");
  const all = [...h, ...(tail !== undefined ? middle : []), ...t];
  return all.length === 8 ? all.map((x) => x.toLowerCase().replace(/^0+(?=.)/, "")) : null;
}
