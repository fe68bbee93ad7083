/**
 * A cross-process lock: at most one msid process at a time runs `fn` for a given name (config
 * updates, the secrets file, refreshing one account's tokens).
 *
 * The lock is the file `<dir>/locks/<name>.lock`, holding JSON {pid, host, acquiredAt, id} and
 * never a secret. It is created atomically with its content (written to a private temp file,
 * then hard-linked into place, which fails when the lock exists), so no waiter ever reads a
 * half-written owner. While `fn` runs, the holder touches the file every `heartbeatMs`.
 *
 * A waiter polls with a short jittered backoff. It treats a lock as stale, and takes it over,
 * when the holder's pid is gone on this host (a SIGKILLed holder is noticed at once), when the
 * file was not touched for `staleAfterMs` by a holder on another host, or for a minute by a
 * live one on this host (a frozen process, a reused pid: a merely starved one must keep it). Taking over is race-free across many waiters: see breakStaleLock().
 *
 * Not re-entrant: a second withLock for the same name in the same process waits like any other.
 */
import {randomBytes} from 'node:crypto';
import fs from 'node:fs/promises';
import {hostname} from 'node:os';
import path from 'node:path';
import {MsidError} from '../model/errors.js';
import type {Clock} from '../model/clock.js';
import {systemClock} from '../system/clock.js';

export interface LockOptions<T = unknown> {
	/** msid's config dir; lock files live in `<dir>/locks/`. */
	dir: string;
	/**
	 * Not used for timing, on purpose: waits, heartbeats and staleness are measured against other
	 * processes and file modification times, which live in real time, and a virtual test clock
	 * (sleeps that return at once) would make waiting spin and push the test's time forward.
	 * Accepted so callers can hand over their clock; fake timers that replace the globals work.
	 */
	clock?: Clock;
	/** Stops waiting (rejects with an AbortError); does not interrupt `fn` once it holds the lock. */
	signal?: AbortSignal;
	/** A lock file not touched for this long is stale. Default 8 s. */
	staleAfterMs?: number;
	/** How often the holder touches its lock file. Default 2 s; keep it well under staleAfterMs. */
	heartbeatMs?: number;
	/** How long a waiter waits for a live holder before giving up. Default 60 s. */
	maxWaitMs?: number;
	/**
	 * Asked before each pause while another process holds the lock: a result ends the wait
	 * without taking the lock, and becomes withLock's result. For waiters whose work the holder
	 * may be doing for them (a refresh), so they need not queue through the lock one by one to
	 * find that out.
	 */
	instead?: () => Promise<T | undefined>;
	/** fs.link; tests pass one that fails as file systems without hard links do. */
	link?: (existing: string, target: string) => Promise<void>;
}

interface LockOwner {
	pid: number;
	host: string;
	acquiredAt: string;
	/** Unique per acquisition: tells this holding apart from a later one at the same path. */
	id: string;
}

/** What a waiter saw at the lock path. `id` names this holding, even for an unreadable file. */
interface ObservedLock {
	owner?: LockOwner;
	id: string;
	touchedAt: number;
}

const defaults = {staleAfterMs: 8000, heartbeatMs: 2000, maxWaitMs: 60_000};
const backoffMs = {min: 25, max: 100};
/** See isStale(): how long a live holder on this host may go untouched before it is taken over. */
const liveHolderStaleMs = 60_000;
/** Breaking takes milliseconds; a breaker file older than this belongs to a waiter that died mid-break. */
const breakerStaleMs = 3000;
const breakerLevels = 4;
/** Real time always: see LockOptions.clock. */
const clock = systemClock;

/** How many times this process took each lock: lets tests see who queued through a lock. */
export const lockAcquisitions = new Map<string, number>();

export async function withLock<T>(name: string, fn: () => Promise<T>, options: LockOptions<T>): Promise<T> {
	if (!/^[\w.-]+$/.test(name)) {
		throw new TypeError(`Lock names are plain file names, not ${JSON.stringify(name)}`);
	}

	const locksDir = path.join(options.dir, 'locks');
	await fs.mkdir(locksDir, {recursive: true, mode: 0o700});
	const lockPath = path.join(locksDir, `${name}.lock`);
	const acquired = await acquire(name, lockPath, options);
	if ('instead' in acquired) {
		return acquired.instead;
	}

	const {owner} = acquired;
	lockAcquisitions.set(name, (lockAcquisitions.get(name) ?? 0) + 1);
	const stopHeartbeat = startHeartbeat(lockPath, options.heartbeatMs ?? defaults.heartbeatMs);
	try {
		return await fn();
	} finally {
		await stopHeartbeat();
		await release(lockPath, owner);
	}
}

async function acquire<T>(name: string, lockPath: string, options: LockOptions<T>): Promise<{owner: LockOwner} | {instead: T}> {
	const staleAfterMs = options.staleAfterMs ?? defaults.staleAfterMs;
	const maxWaitMs = options.maxWaitMs ?? defaults.maxWaitMs;
	const startedAt = clock.now();
	for (let waited = false; ; waited = true) {
		options.signal?.throwIfAborted();
		// After a pause, before trying again: the holder may have done the work for us.
		const instead = waited ? await options.instead?.() : undefined;
		if (instead !== undefined) {
			return {instead};
		}

		const owner: LockOwner = {
			pid: process.pid,
			host: hostname(),
			acquiredAt: new Date(clock.now()).toISOString(),
			id: randomBytes(8).toString('hex'),
		};
		if (await tryCreate(lockPath, owner, options.link ?? fs.link)) {
			return {owner};
		}

		const observed = await inspect(lockPath);
		if (observed === undefined) {
			continue; // Released between our attempt and our look: try again at once.
		}

		if (isStale(observed, clock.now(), staleAfterMs) && await breakStaleLock(lockPath, observed)) {
			continue;
		}

		if (clock.now() - startedAt >= maxWaitMs) {
			throw lockTimeout(name, observed, clock.now() - startedAt);
		}

		await clock.sleep(backoffMs.min + Math.random() * (backoffMs.max - backoffMs.min), options.signal);
	}
}

/**
 * How file systems without hard links refuse one: EPERM (FAT on Linux, SMB), ENOTSUP/EOPNOTSUPP
 * (some FUSE and network mounts), ENOSYS, and EISDIR (exFAT and FAT through some drivers).
 */
export const noHardLinkCodes = new Set(['EPERM', 'ENOTSUP', 'ENOSYS', 'EOPNOTSUPP', 'EISDIR']);

/** Creates the lock file with its content in one step; false when it is held. */
async function tryCreate(lockPath: string, owner: LockOwner, link: NonNullable<LockOptions['link']>): Promise<boolean> {
	const draft = `${lockPath}.${owner.id}.draft`;
	await writeNewFile(draft, JSON.stringify(owner));
	try {
		await link(draft, lockPath);
		return true;
	} catch (error) {
		if (errorCode(error) === 'EEXIST') {
			return false;
		}

		if (noHardLinkCodes.has(errorCode(error) ?? '')) {
			// No hard links on this file system: an exclusive create is the next best thing.
			return writeNewFile(lockPath, JSON.stringify(owner)).then(() => true, (createError: unknown) => {
				if (errorCode(createError) === 'EEXIST') {
					return false;
				}

				throw createError;
			});
		}

		throw error;
	} finally {
		await fs.rm(draft, {force: true});
	}
}

async function inspect(lockPath: string): Promise<ObservedLock | undefined> {
	try {
		const [stats, text] = await Promise.all([fs.stat(lockPath), fs.readFile(lockPath, 'utf8')]);
		const owner = parseOwner(text);
		return {owner, id: owner?.id ?? `unreadable-${stats.ino}-${Math.trunc(stats.ctimeMs)}`, touchedAt: stats.mtimeMs};
	} catch (error) {
		if (errorCode(error) === 'ENOENT') {
			return undefined;
		}

		throw error;
	}
}

function parseOwner(text: string): LockOwner | undefined {
	try {
		const value: unknown = JSON.parse(text);
		if (typeof value === 'object' && value !== null) {
			const {pid, host, acquiredAt, id} = value as Record<string, unknown>;
			if (typeof pid === 'number' && typeof host === 'string' && typeof acquiredAt === 'string'
				&& typeof id === 'string' && /^[\da-f]+$/.test(id)) {
				return {pid, host, acquiredAt, id};
			}
		}
	} catch {}

	return undefined;
}

function isStale(observed: ObservedLock, now: number, staleAfterMs: number): boolean {
	const {owner} = observed;
	if (owner?.host === hostname()) {
		// A live holder on this host is only late, not gone: on a starved machine a heartbeat can
		// miss staleAfterMs, and taking the lock then would let two writers in. Only a holder
		// frozen (or a pid reused) for much longer is taken over.
		return !isAlive(owner.pid) || now - observed.touchedAt > Math.max(staleAfterMs, liveHolderStaleMs);
	}

	return now - observed.touchedAt > staleAfterMs;
}

function isAlive(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch (error) {
		// EPERM: the process exists but belongs to someone else.
		return errorCode(error) !== 'ESRCH';
	}
}

/**
 * Removes a stale lock so that it is removed at most once, however many waiters saw it stale.
 *
 * Unlinking the path directly would be unsafe: waiter A unlinks the stale lock and takes the
 * lock, then waiter B, acting on the same old observation, unlinks A's fresh lock. So a waiter
 * first creates (O_EXCL) a breaker file named after the stale holding's id, re-reads the lock
 * under it, and unlinks only if the lock is still that same holding. A later waiter that gets
 * the breaker for the same id finds a different holding (or none) and leaves it alone.
 *
 * A waiter that dies while holding a breaker would block the takeover forever, so an old breaker
 * lets the next waiter use the next level's breaker; the levels are bounded, after which the
 * waiter just keeps waiting (and reports a timeout).
 *
 * Resolves true when the lock path was freed (by us or by anyone), false when another waiter is
 * breaking it right now.
 */
async function breakStaleLock(lockPath: string, observed: ObservedLock): Promise<boolean> {
	const breakers: string[] = [];
	try {
		for (let level = 0; level < breakerLevels; level++) {
			const breaker = `${lockPath}.${observed.id}.break${level}`;
			breakers.push(breaker);
			try {
				await writeNewFile(breaker, JSON.stringify({pid: process.pid, host: hostname()}));
			} catch (error) {
				if (errorCode(error) !== 'EEXIST') {
					throw error;
				}

				const breakerStats = await fs.stat(breaker).catch(() => undefined);
				if (breakerStats === undefined || clock.now() - breakerStats.mtimeMs < breakerStaleMs) {
					breakers.pop(); // Not ours: its owner is breaking the lock right now, or has just done so.
					return breakerStats === undefined;
				}

				continue;
			}

			const current = await inspect(lockPath);
			if (current?.id === observed.id) {
				await fs.rm(lockPath, {force: true});
			}

			return true;
		}

		return false;
	} finally {
		// Safe once the stale holding is gone: a breaker for its id can no longer match any lock.
		await Promise.all(breakers.map(async breaker => fs.rm(breaker, {force: true})));
	}
}

function startHeartbeat(lockPath: string, everyMs: number): () => Promise<void> {
	const stop = new AbortController();
	const beating = (async () => {
		for (;;) {
			try {
				await clock.sleep(everyMs, stop.signal);
			} catch {
				return;
			}

			// A missed touch only makes the lock look older; the next one fixes it.
			await touch(lockPath).catch(() => undefined);
		}
	})();
	return async () => {
		stop.abort();
		await beating;
	};
}

/** Removes the lock only if it is still ours (a holder thought dead may have been replaced). */
async function release(lockPath: string, owner: LockOwner): Promise<void> {
	const current = await inspect(lockPath).catch(() => undefined);
	if (current?.id === owner.id) {
		await fs.rm(lockPath, {force: true});
	}
}

/** Exclusive create, with the mtime set from the same clock the age checks use. */
async function writeNewFile(file: string, content: string): Promise<void> {
	await fs.writeFile(file, content, {flag: 'wx', mode: 0o600});
	await touch(file);
}

async function touch(file: string): Promise<void> {
	const now = clock.now() / 1000;
	await fs.utimes(file, now, now);
}

function lockTimeout(name: string, observed: ObservedLock, waitedMs: number): MsidError {
	const holder = observed.owner ? `pid ${observed.owner.pid} on ${observed.owner.host}` : 'an unknown process';
	return new MsidError(
		'lock-timeout',
		`Waited ${Math.round(waitedMs / 1000)} s for another msid process (${holder}) to release the "${name}" lock: let it finish or stop it, then try again.`,
	);
}

function errorCode(error: unknown): string | undefined {
	return (error as NodeJS.ErrnoException | undefined)?.code;
}
