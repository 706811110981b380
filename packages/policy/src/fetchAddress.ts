import { isIP } from 'node:net';

/**
 * WebFetch must reach only the public internet: a fetch to loopback, link-local (cloud
 * metadata at 169.254.169.254 hands out credentials), private ranges, a local Docker API or a
 * cluster-internal name reads what no agent should. Hosts are judged as the URL parser
 * normalised them (it turns `0x7f000001`, `2130706433`, `0177.0.0.1` and `127.1` into
 * 127.0.0.1 already); names that resolve to private addresses by design (`*.localhost`,
 * `nip.io`-style wildcard DNS, `metadata`) are refused by name.
 */
const PRIVATE_NAMES = /(^|\.)(localhost|localdomain|local|internal|intranet|lan|home|corp|svc|cluster\.local|docker\.internal|localtest\.me|lvh\.me|vcap\.me|nip\.io|sslip\.io|xip\.io|traefik\.me)$|^(metadata|instance-data|kubernetes|host\.docker\.internal|gateway\.docker\.internal|unix)$/;

function privateV4(ip: string): boolean {
  const [a, b] = ip.split('.').map(Number) as [number, number];
  return a === 0 || a === 10 || a === 127 || (a === 169 && b === 254) || (a === 172 && b >= 16 && b <= 31) || (a === 192 && b === 168) ||
    (a === 100 && b >= 64 && b <= 127) || (a === 192 && b === 0) || (a === 198 && (b === 18 || b === 19)) || a >= 224;
}

function privateV6(ip: string): boolean {
  const h = ip.toLowerCase();
  if (h === '::' || h === '::1') return true;
  // IPv4-mapped (`::ffff:127.0.0.1`, `::ffff:7f00:1`) and -compatible forms carry a v4 address.
  const mapped = /^(?:0{0,4}:){0,5}(?:ffff:)?(\d+\.\d+\.\d+\.\d+)$/.exec(h)?.[1];
  if (mapped) return privateV4(mapped);
  const hex = /^(?:0{0,4}:){0,5}ffff:([0-9a-f]{1,4}):([0-9a-f]{1,4})$/.exec(h);
  if (hex) {
    const n = (parseInt(hex[1] as string, 16) << 16) | parseInt(hex[2] as string, 16);
    return privateV4([(n >>> 24) & 255, (n >>> 16) & 255, (n >>> 8) & 255, n & 255].join('.'));
  }
  if (/^::ffff:/.test(h) || /^::[0-9a-f]/.test(h)) return true;
  return /^(fe[89ab]|fc|fd|ff)/.test(h) || h.startsWith('64:ff9b:') || h.startsWith('100::');
}

/** Why `hostname` (from `new URL(…).hostname`) is not a public address, or null. */
export function nonPublicHost(hostname: string): string | null {
  const host = hostname.toLowerCase().replace(/^\[|\]$/g, '').replace(/\.$/, '');
  if (host === '') return 'an empty host';
  const v = isIP(host);
  if (v === 4) return privateV4(host) ? `${host} is a loopback, link-local or private address` : null;
  if (v === 6) return privateV6(host) ? `${host} is a loopback, link-local, private or IPv4-mapped address` : null;
  if (!host.includes('.')) return `${host} is a single-label name, resolved on the local network`;
  if (PRIVATE_NAMES.test(host)) return `${host} names a local, internal or metadata address`;
  // Wildcard DNS that embeds an IP in the name (`127.0.0.1.nip.io`, `10-0-0-1.sslip.io`).
  const embedded = /(^|[.-])(\d{1,3})[.-](\d{1,3})[.-](\d{1,3})[.-](\d{1,3})([.-]|$)/.exec(host);
  if (embedded && privateV4(embedded.slice(2, 6).join('.'))) return `${host} embeds a private address`;
  return null;
}
