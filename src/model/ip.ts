/**
 * Client IP text as audit sources write it: `198.51.100.23`, `198.51.100.23:19823`,
 * `[2001:db8::1]:443`, `2001:db8::1`, `::ffff:198.51.100.23`, or empty.
 *
 * @module
 */

/**
 * Returns the bare address (no port, no brackets, IPv4-mapped IPv6 unwrapped, IPv6 lower-cased),
 * or `null` for empty values. Text that is not recognisably an address is returned trimmed and
 * unchanged, so nothing the source said is lost.
 */
export function normalizeIp(text: string | null | undefined): string | null {
  if (text == null) return null;
  let s = text.trim();
  if (s === '') return null;
  const bracketed = /^\[([0-9a-fA-F:.%a-zA-Z]+)\](?::\d+)?$/.exec(s);
  if (bracketed) s = bracketed[1]!;
  else if (/^\d{1,3}(?:\.\d{1,3}){3}:\d+$/.test(s)) s = s.slice(0, s.lastIndexOf(':'));
  if (s.includes(':')) {
    s = s.toLowerCase();
    const mapped = /^::ffff:(\d{1,3}(?:\.\d{1,3}){3})$/.exec(s);
    if (mapped) s = mapped[1]!;
  }
  return s;
}
