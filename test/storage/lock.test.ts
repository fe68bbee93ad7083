import {spawnSync} from 'node:child_process';
import {readdir, readFile, stat, utimes, writeFile, mkdir} from 'node:fs/promises';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import test from 'ava';
import {MsidError} from '../../source/model/errors.js';
import {withLock} from '../../source/storage/lock.js';
import {cleanupTempDirs, makeTempDir} from '../helpers/temp-dirs.js';
import {VirtualClock} from '../helpers/virtual-clock.js';
import {finished, runFixture, startFixture, waitForLine} from './fixtures/run-fixture.js';

test.after.always(cleanupTempDirs);

function deadPid(): number {
	return spawnSync(process.execPath, ['-e', '']).pid!;
}

async function plantLock(dir: string, owner: Record<string, unknown>, ageMs = 0): Promise<string> {
	await mkdir(path.join(dir, 'locks'), {recursive: true});
	const file = path.join(dir, 'locks', 'counter.lock');
	await writeFile(file, JSON.stringify({acquiredAt: new Date().toISOString(), id: 'a1b2c3', ...owner}));
	const then = (Date.now() - ageMs) / 1000;
	await utimes(file, then, then);
	return file;
}

/** Takes the lock in this process; resolves once it is held, with a function that lets go. */
async function holdLock(dir: string): Promise<{release: () => void; released: Promise<unknown>}> {
	let release!: () => void;
	let held!: () => void;
	const holding = new Promise<void>(resolve => {
		held = resolve;
	});
	const released = withLock('counter', async () => {
		held();
		await new Promise<void>(resolve => {
			release = resolve;
		});
	}, {dir});
	await holding;
	return {release, released};
}

test('ten processes incrementing one counter under the lock lose no increment', async t => {
	const dir = await makeTempDir();
	const counter = path.join(dir, 'counter');
	const results = await Promise.all(Array.from({length: 10}, async () => runFixture('lock-worker', ['count', dir, counter, '10'])));
	for (const result of results) {
		t.is(result.code, 0, result.stderr);
	}

	t.is(await readFile(counter, 'utf8'), '100');
	t.deepEqual(await readdir(path.join(dir, 'locks')), [], 'no lock, draft or breaker file is left behind');
});

test('a holder killed with SIGKILL is taken over within 10 s', async t => {
	const dir = await makeTempDir();
	const holder = startFixture('lock-worker', ['hold', dir]);
	const exited = finished(holder);
	await waitForLine(holder, line => line === 'held');
	const lockFile = JSON.parse(await readFile(path.join(dir, 'locks', 'counter.lock'), 'utf8')) as Record<string, unknown>;
	t.deepEqual(Object.keys(lockFile).sort(), ['acquiredAt', 'host', 'id', 'pid']);
	t.is(lockFile['pid'], holder.pid);

	holder.kill('SIGKILL');
	await exited;
	const started = Date.now();
	await withLock('counter', async () => undefined, {dir});
	t.true(Date.now() - started < 10_000, `took over after ${Date.now() - started} ms`);
});

test('a freshly touched lock whose holder died on this host is taken over without waiting for staleness', async t => {
	const dir = await makeTempDir();
	await plantLock(dir, {pid: deadPid(), host: (await import('node:os')).hostname()});
	// Staleness alone would take a minute and the wait gives up after 5 s: only the dead pid can let it in.
	const ran = await withLock('counter', async () => 'ran', {dir, staleAfterMs: 60_000, maxWaitMs: 5000});
	t.is(ran, 'ran');
});

test('a freshly touched lock whose holder lives is not taken over', async t => {
	const dir = await makeTempDir();
	await plantLock(dir, {pid: process.pid, host: (await import('node:os')).hostname()});
	const error = await t.throwsAsync(withLock('counter', async () => 'ran', {dir, staleAfterMs: 60_000, maxWaitMs: 500}));
	t.is((error as {code?: string}).code, 'lock-timeout');
});

test('a lock whose heartbeat stopped is stale even when its pid cannot be checked', async t => {
	const dir = await makeTempDir();
	await plantLock(dir, {pid: process.pid, host: 'another-host'}, 20_000);
	const ran = await withLock('counter', async () => 'ran', {dir, maxWaitMs: 2000});
	t.is(ran, 'ran');
});

test('a lock held on another host with a fresh heartbeat is respected until the wait gives up', async t => {
	const dir = await makeTempDir();
	const file = await plantLock(dir, {pid: 1, host: 'another-host'});
	const error = await t.throwsAsync(withLock('counter', async () => 'ran', {dir, maxWaitMs: 300}), {instanceOf: MsidError});
	t.is(error?.code, 'lock-timeout');
	t.regex(error?.message ?? '', /pid 1 on another-host.*"counter" lock/);
	t.truthy(await stat(file), 'the live lock is left in place');
});

test('the holder\'s heartbeat keeps a long holding from looking stale', async t => {
	const dir = await makeTempDir();
	const events: string[] = [];
	// Margins wide enough for a busy test machine: the holding outlasts staleAfterMs twice over.
	const options = {dir, staleAfterMs: 1200, heartbeatMs: 100};
	let firstIn!: () => void;
	const firstHolds = new Promise<void>(resolve => {
		firstIn = resolve;
	});
	const first = withLock('counter', async () => {
		events.push('first in');
		firstIn();
		await delay(2500);
		events.push('first out');
	}, options);
	await firstHolds;
	const second = withLock('counter', async () => {
		events.push('second in');
	}, options);
	await Promise.all([first, second]);
	t.deepEqual(events, ['first in', 'first out', 'second in']);
});

test('many waiters breaking one stale lock at once still admit one holder at a time', async t => {
	const dir = await makeTempDir();
	await plantLock(dir, {pid: deadPid(), host: (await import('node:os')).hostname()});
	let inside = 0;
	let most = 0;
	await Promise.all(Array.from({length: 12}, async () => withLock('counter', async () => {
		inside++;
		most = Math.max(most, inside);
		await delay(5);
		inside--;
	}, {dir})));
	t.is(most, 1);
	t.deepEqual(await readdir(path.join(dir, 'locks')), []);
});

test('an unreadable lock file is broken once it is old', async t => {
	const dir = await makeTempDir();
	await mkdir(path.join(dir, 'locks'));
	const file = path.join(dir, 'locks', 'counter.lock');
	await writeFile(file, '');
	const then = (Date.now() - 20_000) / 1000;
	await utimes(file, then, then);
	t.is(await withLock('counter', async () => 'ran', {dir, maxWaitMs: 2000}), 'ran');
});

test('aborting releases a waiter at once', async t => {
	const dir = await makeTempDir();
	const {release, released} = await holdLock(dir);
	const controller = new AbortController();
	const waiting = withLock('counter', async () => 'ran', {dir, signal: controller.signal});
	await delay(150);
	const abortedAt = Date.now();
	controller.abort();
	const error = await t.throwsAsync(waiting);
	t.is(error?.name, 'AbortError');
	t.true(Date.now() - abortedAt < 2000, "well before any lock wait would end");
	release();
	await released;
});

test('the lock is released when the function throws', async t => {
	const dir = await makeTempDir();
	await t.throwsAsync(withLock('counter', async () => {
		throw new Error('boom');
	}, {dir}), {message: 'boom'});
	t.deepEqual(await readdir(path.join(dir, 'locks')), []);
	t.is(await withLock('counter', async () => 'again', {dir, maxWaitMs: 100}), 'again');
});

test('lock names must be plain file names', async t => {
	const dir = await makeTempDir();
	await t.throwsAsync(withLock('../escape', async () => undefined, {dir}), {instanceOf: TypeError});
});

test('a virtual test clock neither moves nor shortens lock waits', async t => {
	const dir = await makeTempDir();
	const clock = new VirtualClock();
	const startedAt = clock.now();
	const {release, released} = await holdLock(dir);
	const waiting = withLock('counter', async () => 'ran', {dir, clock, maxWaitMs: 5000});
	await delay(400);
	release();
	await released;
	t.is(await waiting, 'ran');
	t.is(clock.now(), startedAt, 'the lock slept on real time, not on the test clock');
});

for (const code of ['EISDIR', 'EPERM', 'ENOTSUP']) {
	test(`where hard links fail with ${code} (exFAT, FAT, some network mounts) the lock still admits one holder at a time`, async t => {
		const dir = await makeTempDir();
		let refusedLinks = 0;
		const link = async () => {
			refusedLinks++;
			throw Object.assign(new Error(`${code}: no hard links here`), {code});
		};

		let inside = 0;
		let most = 0;
		await Promise.all(Array.from({length: 5}, async () => withLock('counter', async () => {
			inside++;
			most = Math.max(most, inside);
			await delay(20);
			inside--;
		}, {dir, link})));
		t.is(most, 1);
		t.true(refusedLinks >= 5, 'every acquisition went through the fallback');
		t.deepEqual(await readdir(path.join(dir, 'locks')), [], 'no lock or draft file is left behind');
	});
}

test('a link failure that is not about hard links is reported, not papered over', async t => {
	const dir = await makeTempDir();
	const link = async () => {
		throw Object.assign(new Error('ENOSPC: no space left on device'), {code: 'ENOSPC'});
	};

	await t.throwsAsync(withLock('counter', async () => undefined, {dir, link}), {message: /ENOSPC/});
});

test('a live holder on this host whose heartbeat is late (a starved machine) keeps its lock', async t => {
	const dir = await makeTempDir();
	await plantLock(dir, {pid: process.pid, host: (await import('node:os')).hostname()}, 20_000);
	const error = await t.throwsAsync(withLock('counter', async () => 'ran', {dir, maxWaitMs: 500}));
	t.is((error as {code?: string}).code, 'lock-timeout');
});

test('a live holder on this host untouched for over a minute (frozen, or a reused pid) is taken over', async t => {
	const dir = await makeTempDir();
	await plantLock(dir, {pid: process.pid, host: (await import('node:os')).hostname()}, 61_000);
	t.is(await withLock('counter', async () => 'ran', {dir, maxWaitMs: 2000}), 'ran');
});
