/**
 * Parsers of flag values shared by the commands: a bad number is a usage error naming the flag.
 *
 * @module
 */
import { UsageError } from '../errors.js';

export function positiveInt(flag: string) {
  return (value: string): number => {
    if (!/^\d+$/.test(value) || Number(value) < 1)
      throw new UsageError(`${flag} must be a whole number of at least 1, not ${JSON.stringify(value)}`);
    return Number(value);
  };
}

/**
 * The values of a list flag, given comma separated and/or as repeated or space-separated
 * arguments: trimmed, without empty entries and repeats, in the order given.
 */
export function commaList(values: string | readonly string[] | undefined): string[] {
  const given = typeof values === 'string' ? [values] : (values ?? []);
  return [
    ...new Set(
      given
        .flatMap((v) => v.split(','))
        .map((v) => v.trim())
        .filter((v) => v !== ''),
    ),
  ];
}
