/**
 * Where partner notifications may go (issue 8, item 4: no server-side request forgery through
 * `subscribeToNeeds`). The rule, checked when a partner subscribes and again before every
 * delivery:
 *
 *   - the URL parses, is at most 500 characters and carries no user name or password;
 *   - its scheme is `https:`;
 *   - every address of its host is public: a literal IP is classified as it is, a host name is
 *     resolved and ALL its addresses are classified (one private address is enough to refuse).
 *     "Public" is ipaddr.js's `unicast` range: loopback, private (RFC 1918), link-local (the
 *     169.254.169.254 metadata service), carrier-grade NAT, multicast, unspecified, broadcast,
 *     reserved and documentation ranges, IPv6 unique-local, site-local and link-local, and every
 *     IPv6 form that embeds an IPv4 address (IPv4-mapped ::ffff:0:0/96, NAT64, 6to4, Teredo) are
 *     not. Decimal, octal and hexadecimal IPv4 spellings (http://2130706433/, http://0177.0.0.1/)
 *     are normalised by the WHATWG URL parser to dotted form before the check.
 *
 * Development switch (`WEBHOOK_ALLOW_LOOPBACK=true`, refused in production by src/config.ts):
 * loopback addresses (127.0.0.0/8, ::1) count as allowed too, and for them plain `http:` is
 * accepted, so tests can deliver to a local receiver. Every other private range stays refused.
 *
 * Delivery (`resolveTarget` + `postToTarget`): the worker resolves the host once, checks every
 * address, and connects to exactly those addresses (a `lookup` that answers with the checked
 * list), so a DNS answer that changes between check and connect (rebinding) cannot redirect the
 * request. Redirects are never followed: a 3xx is a failed delivery.
 */
import dns from 'node:dns';
import http from 'node:http';
import https from 'node:https';
import net from 'node:net';
import ipaddr from 'ipaddr.js';

export const URL_MAX = 500;
/** A resolver that has not answered by then counts as "does not resolve". */
export const RESOLVE_TIMEOUT_MS = 5000;

export interface ResolvedAddress {
  address: string;
  family: 4 | 6;
}

/** How host names become addresses: the system resolver in service; tests pass their own. */
export interface HostResolver {
  resolve(host: string): Promise<ResolvedAddress[]>;
}

export const systemResolver: HostResolver = {
  async resolve(host) {
    const found = await dns.promises.lookup(host, { all: true, verbatim: true });
    return found.map((a) => ({ address: a.address, family: a.family === 6 ? 6 : 4 }));
  },
};

export interface TargetPolicy {
  /** The development switch: loopback targets (and http to them) allowed. */
  allowLoopback: boolean;
  resolver: HostResolver;
}

export type TargetRefusalReason = 'INVALID_URL' | 'SCHEME' | 'CREDENTIALS' | 'NOT_PUBLIC' | 'UNRESOLVABLE';

export class TargetRefused extends Error {
  constructor(readonly reason: TargetRefusalReason, message: string) {
    super(message);
    this.name = 'TargetRefused';
  }
}

type AddressClass = 'public' | 'loopback' | 'other';

/**
 * Classifies one IP address. Only strict dotted IPv4 / IPv6 text counts as an address (net.isIP,
 * as the socket reads it), and IPv4-mapped forms are not unwrapped: they are refused as they are.
 */
export function classifyAddress(address: string): AddressClass {
  if (!net.isIP(address)) return 'other';
  const range = ipaddr.parse(address).range();
  if (range === 'unicast') return 'public';
  if (range === 'loopback') return 'loopback';
  return 'other';
}

/** The host of a parsed URL as a resolver or classifier wants it (IPv6 without brackets). */
function hostOf(url: URL): string {
  return url.hostname.startsWith('[') ? url.hostname.slice(1, -1) : url.hostname;
}

/**
 * The checks that need no network: syntax, length, credentials, scheme (http only with the
 * switch), and a literal IP's class. Throws TargetRefused.
 */
export function parseTarget(text: string, policy: Pick<TargetPolicy, 'allowLoopback'>): URL {
  let url: URL;
  try {
    url = new URL(text);
  } catch {
    throw new TargetRefused('INVALID_URL', 'subscription URL is not a valid URL');
  }
  if (text.length > URL_MAX) throw new TargetRefused('INVALID_URL', `subscription URL longer than ${URL_MAX} characters`);
  if (url.protocol !== 'https:' && !(policy.allowLoopback && url.protocol === 'http:')) {
    throw new TargetRefused('SCHEME', `subscription URL scheme ${url.protocol} refused (https only)`);
  }
  if (url.username || url.password) throw new TargetRefused('CREDENTIALS', 'subscription URL may not carry a user name or password');
  const host = hostOf(url);
  if (!host) throw new TargetRefused('INVALID_URL', 'subscription URL has no host');
  if (net.isIP(host)) checkAddresses(url, [host], policy);
  return url;
}

/** Every address must be public (https), or loopback under the switch (http or https). */
function checkAddresses(url: URL, addresses: string[], policy: Pick<TargetPolicy, 'allowLoopback'>): void {
  for (const address of addresses) {
    const c = classifyAddress(address);
    if (c === 'loopback' && policy.allowLoopback) continue;
    if (c === 'public' && url.protocol === 'https:') continue;
    const why = c === 'public' ? 'plain http is allowed to loopback only' : 'not a public address';
    throw new TargetRefused('NOT_PUBLIC', `subscription host ${hostOf(url)} has address ${address}: ${why}`);
  }
}

/**
 * Every check, with resolution: the addresses the host has now, all of them allowed. Throws
 * TargetRefused. The caller connects to exactly these addresses (`postToTarget`).
 */
export async function resolveTarget(text: string, policy: TargetPolicy): Promise<{ url: URL; addresses: ResolvedAddress[] }> {
  const url = parseTarget(text, policy);
  const host = hostOf(url);
  const family = net.isIP(host);
  if (family) return { url, addresses: [{ address: host, family: family === 6 ? 6 : 4 }] };
  let addresses: ResolvedAddress[];
  let timer: NodeJS.Timeout | undefined;
  try {
    const timeout = new Promise<never>((_, reject) => {
      timer = setTimeout(() => reject(Object.assign(new Error('resolver timeout'), { code: 'ETIMEOUT' })), RESOLVE_TIMEOUT_MS);
    });
    addresses = await Promise.race([policy.resolver.resolve(host), timeout]);
  } catch (err) {
    throw new TargetRefused('UNRESOLVABLE', `subscription host ${host} does not resolve (${String((err as { code?: unknown })?.code ?? 'error')})`);
  } finally {
    clearTimeout(timer);
  }
  if (addresses.length === 0) throw new TargetRefused('UNRESOLVABLE', `subscription host ${host} has no address`);
  checkAddresses(url, addresses.map((a) => a.address), policy);
  return { url, addresses };
}

export interface PostOptions {
  headers: Record<string, string>;
  body: string;
  timeoutMs: number;
}

/**
 * POSTs `body` to `url`, connecting only to `addresses` (already checked by resolveTarget):
 * the socket's lookup answers with them instead of asking DNS again. TLS still verifies the
 * certificate against the URL's host name. No redirects are followed (node:http never does);
 * resolves with the status code once the response head arrives, discarding the body.
 */
export function postToTarget(url: URL, addresses: ResolvedAddress[], opts: PostOptions): Promise<number> {
  const lookup: net.LookupFunction = (_hostname, options, callback) => {
    if (options.all) (callback as unknown as (err: null, list: ResolvedAddress[]) => void)(null, addresses);
    else callback(null, addresses[0].address, addresses[0].family);
  };
  const client = url.protocol === 'https:' ? https : http;
  return new Promise((resolve, reject) => {
    const req = client.request(url, {
      method: 'POST',
      headers: { ...opts.headers, 'content-length': String(Buffer.byteLength(opts.body)) },
      lookup,
      // A fresh connection per delivery: no pooled socket to an address checked for another request.
      agent: false,
      signal: AbortSignal.timeout(opts.timeoutMs),
    }, (res) => {
      res.resume();
      resolve(res.statusCode ?? 0);
    });
    req.on('error', reject);
    req.end(opts.body);
  });
}
