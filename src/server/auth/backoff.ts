// Back-off after failed logins, per (user name, client address). A lock per account let anyone
// lock out the admin with five wrong passwords; counting per pair means someone guessing from one
// address slows only themselves, while the owner signs in from theirs. Unknown user names are
// counted exactly like known ones, so the answers do not tell which names exist.
//
// Kept in memory: it is a brake on guessing, not a record (failed logins are in the server log);
// a restart forgets it, which an attacker cannot cause.

export interface BackoffSettings {
  /** Failures within the window answered at once; the next ones make the pair wait. */
  freeFailures: number;
  /** Failures older than this (since the pair's last failure) are forgotten. */
  windowMs: number;
  /** The first wait; each further failure doubles it. */
  baseDelayMs: number;
  maxDelayMs: number;
}

interface Entry {
  username: string;
  failures: number;
  lastAt: number;
  blockedUntil: number;
}

/** Enough for any county's staff; an address flooding names is held back by the per-address rate limit first. */
const MAX_ENTRIES = 10_000;

/** User names are matched case-insensitively at login, so they are counted that way too. */
const normalize = (username: string) => username.normalize('NFC').trim().toLowerCase();

export class LoginBackoff {
  readonly #settings: BackoffSettings;
  readonly #entries = new Map<string, Entry>();

  constructor(settings: BackoffSettings) {
    this.#settings = settings;
  }

  #key(username: string, address: string): string {
    return `${normalize(username)}\u0000${address}`;
  }

  #live(key: string, now: number): Entry | undefined {
    const e = this.#entries.get(key);
    if (e === undefined) return undefined;
    if (e.blockedUntil <= now && now - e.lastAt > this.#settings.windowMs) {
      this.#entries.delete(key);
      return undefined;
    }
    return e;
  }

  /** Until when (ms) this pair must wait before its password is checked again; null = now. */
  refusedUntil(username: string, address: string, now: number): number | null {
    const e = this.#live(this.#key(username, address), now);
    return e !== undefined && e.blockedUntil > now ? e.blockedUntil : null;
  }

  /** Counts a failure; returns until when the pair now waits, or null when it may try again at once. */
  fail(username: string, address: string, now: number): number | null {
    const key = this.#key(username, address);
    const e = this.#live(key, now) ?? { username: normalize(username), failures: 0, lastAt: now, blockedUntil: 0 };
    e.failures += 1;
    e.lastAt = now;
    const over = e.failures - this.#settings.freeFailures;
    if (over >= 0) e.blockedUntil = now + Math.min(this.#settings.maxDelayMs, this.#settings.baseDelayMs * 2 ** Math.min(over, 30));
    this.#entries.delete(key);
    this.#entries.set(key, e);
    this.#prune(now);
    return e.blockedUntil > now ? e.blockedUntil : null;
  }

  /** A successful sign-in clears the pair's count (the owner's other addresses keep theirs). */
  succeed(username: string, address: string): void {
    this.#entries.delete(this.#key(username, address));
  }

  /** The admin's unlock: every address's count and wait for this user name. */
  clearUser(username: string): void {
    const name = normalize(username);
    for (const [key, e] of this.#entries) if (e.username === name) this.#entries.delete(key);
  }

  /** For the admin page: the latest wait of any address for this user, and the recent failures counted. */
  stateOf(username: string, now: number): { blockedUntil: number | null; failures: number } {
    const name = normalize(username);
    let blockedUntil: number | null = null;
    let failures = 0;
    for (const [key, e] of [...this.#entries]) {
      if (e.username !== name || this.#live(key, now) === undefined) continue;
      failures += e.failures;
      if (e.blockedUntil > now && (blockedUntil === null || e.blockedUntil > blockedUntil)) blockedUntil = e.blockedUntil;
    }
    return { blockedUntil, failures };
  }

  #prune(now: number): void {
    if (this.#entries.size <= MAX_ENTRIES) return;
    for (const key of [...this.#entries.keys()]) this.#live(key, now);
    // Oldest first (the map keeps insertion order and a failure re-inserts its entry).
    for (const key of this.#entries.keys()) {
      if (this.#entries.size <= MAX_ENTRIES) break;
      this.#entries.delete(key);
    }
  }
}
