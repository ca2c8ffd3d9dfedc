/**
 * Address classes that GeoIP must not be asked about, and that a report should name as such:
 * private, loopback, link-local, shared, documentation (RFC 5737 / RFC 3849) and the like.
 * Pure; IPv4 and the common IPv6 special blocks.
 *
 * @module
 */

/** A special-purpose range label, or null for a public (routable) address or non-address text. */
export function specialRange(ip: string): string | null {
  const v4 = parseIpv4(ip);
  if (v4 !== null) {
    for (const [base, bits, label] of V4_RANGES) {
      const mask = bits === 0 ? 0 : (0xffffffff << (32 - bits)) >>> 0;
      if ((v4 & mask) >>> 0 === base) return label;
    }
    return null;
  }
  if (!ip.includes(':')) return null;
  const s = ip.toLowerCase();
  if (s === '::1') return 'loopback';
  if (s === '::') return 'unspecified';
  if (/^fe[89ab]/.test(s)) return 'link-local';
  if (/^f[cd]/.test(s)) return 'private (unique local, RFC 4193)';
  if (/^2001:0?db8:/.test(s)) return 'documentation (RFC 3849)';
  if (/^ff/.test(s)) return 'multicast';
  return null;
}

/** IPv4 dotted quad → unsigned 32-bit number, or null. */
export function parseIpv4(ip: string): number | null {
  const m = /^(\d{1,3})\.(\d{1,3})\.(\d{1,3})\.(\d{1,3})$/.exec(ip);
  if (!m) return null;
  let n = 0;
  for (let i = 1; i <= 4; i++) {
    const o = Number(m[i]);
    if (o > 255) return null;
    n = n * 256 + o;
  }
  return n;
}

// --- Internal helpers ---

const q = (a: number, b: number, c: number, d: number) => ((a << 24) | (b << 16) | (c << 8) | d) >>> 0;

const V4_RANGES: readonly (readonly [number, number, string])[] = [
  [q(0, 0, 0, 0), 8, 'this network (RFC 791)'],
  [q(10, 0, 0, 0), 8, 'private (RFC 1918)'],
  [q(100, 64, 0, 0), 10, 'shared address space (RFC 6598)'],
  [q(127, 0, 0, 0), 8, 'loopback'],
  [q(169, 254, 0, 0), 16, 'link-local'],
  [q(172, 16, 0, 0), 12, 'private (RFC 1918)'],
  [q(192, 0, 0, 0), 24, 'IETF protocol assignments'],
  [q(192, 0, 2, 0), 24, 'documentation (RFC 5737)'],
  [q(192, 168, 0, 0), 16, 'private (RFC 1918)'],
  [q(198, 18, 0, 0), 15, 'benchmarking (RFC 2544)'],
  [q(198, 51, 100, 0), 24, 'documentation (RFC 5737)'],
  [q(203, 0, 113, 0), 24, 'documentation (RFC 5737)'],
  [q(224, 0, 0, 0), 4, 'multicast'],
  [q(240, 0, 0, 0), 4, 'reserved'],
];
