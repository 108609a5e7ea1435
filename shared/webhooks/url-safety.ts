/**
 * Where the CRM may send a webhook. A URL an administrator types is a request the CRM
 * makes from inside its network, so addresses that only make sense inside a network
 * (private, loopback, link-local, the cloud metadata service at 169.254.169.254…) are
 * refused — when the subscription is saved (webhookUrlProblems) and again before every
 * send, after resolving the name (assertPublicDestination), because a name that resolved
 * to a public address yesterday may resolve to 10.0.0.1 today (DNS rebinding).
 *
 * `allowPrivate` is for `npm start` and tests only: it lets http://localhost receivers
 * take part in a demo.
 */
import { lookup as dnsLookup } from 'node:dns/promises';
import ipaddr from 'ipaddr.js';

export interface DestinationOptions {
  allowPrivate: boolean;
}

export type AddressLookup = (hostname: string, options: { all: true }) => Promise<{ address: string; family: number }[]>;

/** Names that never leave the network: RFC 6761 localhost, RFC 6762 mDNS, RFC 8375, and the common cloud-internal suffix. */
const INTERNAL_NAMES = /(^|\.)(localhost|internal|local|home\.arpa)$/;

/** Why the URL may not receive webhooks; empty when it may. */
export function webhookUrlProblems(url: string, { allowPrivate }: DestinationOptions): string[] {
  let parsed: URL;
  try {
    parsed = new URL(url);
  } catch {
    return ['is not a valid URL'];
  }
  const problems: string[] = [];
  if (parsed.protocol !== 'https:' && !(allowPrivate && parsed.protocol === 'http:')) problems.push('must use https');
  if (parsed.username || parsed.password) problems.push('must not contain a user name or password');
  if (!allowPrivate) {
    const host = hostnameOf(parsed);
    if (INTERNAL_NAMES.test(host)) problems.push(`must not point at an internal host name (${host})`);
    else if (ipaddr.isValid(host) && !isPublicAddress(host)) problems.push(`must not point at a private or reserved address (${host})`);
  }
  return problems;
}

/**
 * Refuses (throws) unless every address the URL's host resolves to is public. Called just
 * before sending: what was checked when the subscription was saved was only the name.
 */
export async function assertPublicDestination(url: string, options: DestinationOptions & { lookup?: AddressLookup }): Promise<void> {
  const problems = webhookUrlProblems(url, options);
  if (problems.length > 0) throw refused(`${url} ${problems.join('; ')}`);
  if (options.allowPrivate) return;
  const host = hostnameOf(new URL(url));
  if (ipaddr.isValid(host)) return; // an address literal was classified above
  const lookup = options.lookup ?? (dnsLookup as AddressLookup);
  let addresses: { address: string }[];
  try {
    addresses = await lookup(host, { all: true });
  } catch (error) {
    throw refused(`${host} could not be resolved: ${(error as Error).message}`);
  }
  if (addresses.length === 0) throw refused(`${host} has no address`);
  const internal = addresses.filter((a) => !isPublicAddress(a.address)).map((a) => a.address);
  if (internal.length > 0) throw refused(`${host} resolves to a private or reserved address (${internal.join(', ')})`);
}

/**
 * Only what ipaddr.js classifies as global unicast is public. An IPv4-mapped IPv6 address
 * (::ffff:10.0.0.1) is judged as the IPv4 address it carries; other embeddings (NAT64,
 * 6to4, Teredo) are refused rather than unpacked.
 */
export function isPublicAddress(address: string): boolean {
  if (!ipaddr.isValid(address)) return false;
  return ipaddr.process(address).range() === 'unicast';
}

/** The URL's host as a name or a bare address: without IPv6 brackets or a trailing root dot, lower-cased by URL. */
const hostnameOf = (url: URL) => url.hostname.replace(/^\[(.*)\]$/, '$1').replace(/\.$/, '');

const refused = (message: string) => Object.assign(new Error(`Webhook destination refused: ${message}`), { name: 'WebhookDestinationRefused' });
