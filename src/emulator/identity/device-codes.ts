/**
 * Device authorization grants (RFC 8628 as Entra ID runs it): a device code the client polls
 * with and a short user code a person types on the verification page. A grant is pending until
 * someone approves it as a user or declines it (on the page, through the API, or automatically
 * after a number of polls when the configuration says so); it expires, and it is redeemed once.
 *
 * @module
 */
import { randomBytes, randomInt } from 'node:crypto';

export type DeviceCodeState =
  | { readonly kind: 'pending' }
  | { readonly kind: 'approved'; readonly upn: string }
  | { readonly kind: 'declined' }
  | { readonly kind: 'redeemed' };

export interface DeviceCodeGrant {
  readonly deviceCode: string;
  readonly userCode: string;
  readonly clientId: string;
  readonly tenantId: string;
  /** The scopes the client asked for, as sent. */
  readonly scopes: readonly string[];
  readonly expiresAt: number;
  readonly intervalSeconds: number;
  polls: number;
  lastPollAt: number | null;
  state: DeviceCodeState;
}

/** What a poll finds. */
export type PollOutcome =
  | { readonly kind: 'unknown' }
  | {
      readonly kind: 'pending' | 'slow_down' | 'expired' | 'declined' | 'redeemed';
      readonly grant: DeviceCodeGrant;
    }
  | { readonly kind: 'approved'; readonly grant: DeviceCodeGrant; readonly upn: string };

/** Letters and digits that cannot be mistaken for one another. */
const ALPHABET = 'ABCDEFGHJKLMNPQRSTUVWXYZ23456789';

/** Polls closer together than the interval minus this are told to slow down. */
const POLL_TOLERANCE_MS = 200;

export interface DeviceCodeSettings {
  readonly expiresInSeconds: number;
  readonly intervalSeconds: number;
  readonly autoApprove?: { readonly upn: string; readonly afterPolls: number };
}

export class DeviceCodes {
  readonly #byDevice = new Map<string, DeviceCodeGrant>();
  readonly #byUser = new Map<string, DeviceCodeGrant>();

  constructor(private readonly settings: DeviceCodeSettings) {}

  create(clientId: string, tenantId: string, scopes: readonly string[], nowMs: number): DeviceCodeGrant {
    this.#prune(nowMs);
    let userCode: string;
    do {
      userCode = Array.from({ length: 9 }, () => ALPHABET[randomInt(ALPHABET.length)]).join('');
    } while (this.#byUser.has(userCode));
    const grant: DeviceCodeGrant = {
      deviceCode: randomBytes(48).toString('base64url'),
      userCode,
      clientId,
      tenantId,
      scopes: [...scopes],
      expiresAt: nowMs + this.settings.expiresInSeconds * 1000,
      intervalSeconds: this.settings.intervalSeconds,
      polls: 0,
      lastPollAt: null,
      state: { kind: 'pending' },
    };
    this.#byDevice.set(grant.deviceCode, grant);
    this.#byUser.set(userCode, grant);
    return grant;
  }

  /** A grant by the code a person typed (case and separators ignored). */
  byUserCode(userCode: string): DeviceCodeGrant | undefined {
    return this.#byUser.get(userCode.toUpperCase().replace(/[^A-Z0-9]/g, ''));
  }

  /** Approves a pending grant as `upn`; returns why not otherwise. */
  approve(userCode: string, upn: string, nowMs: number): 'ok' | 'unknown' | 'expired' | 'settled' {
    return this.#settle(userCode, { kind: 'approved', upn }, nowMs);
  }

  decline(userCode: string, nowMs: number): 'ok' | 'unknown' | 'expired' | 'settled' {
    return this.#settle(userCode, { kind: 'declined' }, nowMs);
  }

  /** One poll of the token endpoint with `deviceCode` by `clientId`. */
  poll(deviceCode: string, clientId: string, nowMs: number): PollOutcome {
    const grant = this.#byDevice.get(deviceCode);
    if (!grant || grant.clientId !== clientId) return { kind: 'unknown' };
    const previous = grant.lastPollAt;
    grant.polls++;
    grant.lastPollAt = nowMs;
    if (grant.state.kind === 'redeemed') return { kind: 'redeemed', grant };
    if (nowMs >= grant.expiresAt) return { kind: 'expired', grant };
    if (grant.state.kind === 'declined') return { kind: 'declined', grant };
    const auto = this.settings.autoApprove;
    if (grant.state.kind === 'pending' && auto && grant.polls >= auto.afterPolls)
      grant.state = { kind: 'approved', upn: auto.upn };
    if (grant.state.kind === 'approved') {
      const upn = grant.state.upn;
      grant.state = { kind: 'redeemed' };
      return { kind: 'approved', grant, upn };
    }
    if (previous !== null && nowMs - previous < grant.intervalSeconds * 1000 - POLL_TOLERANCE_MS)
      return { kind: 'slow_down', grant };
    return { kind: 'pending', grant };
  }

  #settle(userCode: string, state: DeviceCodeState, nowMs: number): 'ok' | 'unknown' | 'expired' | 'settled' {
    const grant = this.byUserCode(userCode);
    if (!grant) return 'unknown';
    if (nowMs >= grant.expiresAt) return 'expired';
    if (grant.state.kind !== 'pending') return 'settled';
    grant.state = state;
    return 'ok';
  }

  /** Forgets grants that expired more than an hour ago. */
  #prune(nowMs: number): void {
    for (const [code, grant] of this.#byDevice) {
      if (grant.expiresAt + 3_600_000 < nowMs) {
        this.#byDevice.delete(code);
        this.#byUser.delete(grant.userCode);
      }
    }
  }
}
