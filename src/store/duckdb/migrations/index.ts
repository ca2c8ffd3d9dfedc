/**
 * Every schema migration, in order. A migration is never edited once released: a change is a
 * new numbered file. The store's schema version is the last entry's `version`.
 *
 * @module
 */
import * as m0001 from './0001-init.js';
import * as m0002 from './0002-analyst-views.js';
import * as m0003 from './0003-batched-commits.js';

export interface Migration {
  readonly version: number;
  readonly description: string;
  readonly sql: string;
}

export const MIGRATIONS: readonly Migration[] = [m0001, m0002, m0003];

/** The schema version this mailtrail writes. */
export const SCHEMA_VERSION = MIGRATIONS[MIGRATIONS.length - 1]!.version;
