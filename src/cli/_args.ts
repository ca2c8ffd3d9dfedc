/**
 * Parsers of numeric flags shared by the commands: a bad value is a usage error naming the flag.
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
