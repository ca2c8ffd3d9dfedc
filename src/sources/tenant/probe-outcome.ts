/**
 * What a probe's HTTP answer means for the pre-flight check, and how an unanswered probe becomes
 * the "why" of an unknown fact: the status, the service's own error, and the permission that
 * would have answered.
 *
 * @module
 */
import { NON_PREMIUM_TENANT } from './graph-directory.js';
import type { ProbeOutcome, ProbeRecord } from './preflight-types.js';

/** Classifies an HTTP answer. `errorCode` is the service's error code, if the body had one. */
export function outcomeOf(status: number, errorCode: string | null, parsedOk: boolean): ProbeOutcome {
  if (status >= 200 && status < 300) return parsedOk ? 'answered' : 'failed';
  if (status === 401) return 'unauthenticated';
  if (status === 403) return errorCode === NON_PREMIUM_TENANT ? 'unavailable' : 'denied';
  if (status === 404) return 'not-found';
  return 'failed';
}

/** The reason a fact could not be read from `probe`, naming what would tell. */
export function whyUnknown(probe: ProbeRecord): string {
  const what = `${probe.what} ${probe.status === null ? 'got no answer' : `answered ${probe.status}`}`;
  const detail = probe.detail ? ` (${probe.detail})` : '';
  const perms = probe.permissions.join(' or ');
  switch (probe.outcome) {
    case 'denied':
      return `${what}${detail}: the credentials lack the permission; ${perms} would tell`;
    case 'unauthenticated':
      return `${what}${detail}: the credentials were refused (expired, wrong tenant or wrong audience); a valid token with ${perms} would tell`;
    case 'unreachable':
      return `${what}${detail}: the API could not be reached`;
    case 'not-found':
      return `${what}${detail}: not found`;
    default:
      return `${what}${detail}`;
  }
}
