/**
 * The five report files of the `unicorn` fast path, as unicorn.ts opens them for
 * unicorn-fast.ts.
 *
 * @module
 */
import type { ByteFile } from './byte-files.js';

/** The five report files (headers already written) and the scratch file name prefix. */
export interface FastOutputs {
  readonly logon: ByteFile;
  readonly search: ByteFile;
  readonly byTime: ByteFile;
  readonly byItem: ByteFile;
  readonly attachments: ByteFile;
  readonly counts: { logon: number; search: number; read: number; attachments: number };
  readonly scratchPrefix: string;
}
