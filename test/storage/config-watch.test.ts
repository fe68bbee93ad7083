/**
 * Following config.json with the system's real file watch (inotify here) while the real config
 * store writes it, from this process and from another one; and the stat polling the watcher
 * falls back to when the system refuses a watch, at the start or later.
 */
import fs from 'node:fs';
import {mkdir, rm, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import test from 'ava';
import {readConfig, updateConfig} from '../../source/storage/config-store.js';
import {watchConfig, type ConfigWatch, type ConfigWatchOptions} from '../../source/storage/config-watch.js';
import {withLock} from '../../source/storage/lock.js';
import {cleanupTempDirs, makeTempDir} from '../helpers/temp-dirs.js';
import {runFixture} from './fixtures/run-fixture.js';
import {sampleAccount} from './fixtures/sample-account.js';

test.after.always(cleanupTempDirs);

/** Long enough for a loaded machine; only a watcher that never reports runs into it. */
const patience = 10_000;

interface Watched {
	dir: string;
	env: NodeJS.ProcessEnv;
	file: string;
	watch: ConfigWatch;
	/** How many times onChange ran. */
	count(): number;
	/** Resolves at the next onChange; fails after `patience`. */
	next(): Promise<void>;
}

async function watched(t: import('ava').ExecutionContext, options: ConfigWatchOptions = {}, existing?: string): Promise<Watched> {
	const dir = existing ?? path.join(await makeTempDir(), 'msid');
	const env = {MSID_CONFIG_DIR: dir};
	let calls = 0;
	let waiting: (() => void) | undefined;
	const watch = watchConfig(env, () => {
		calls += 1;
		waiting?.();
	}, options);
	t.teardown(() => {
		watch.stop();
	});
	return {
		dir,
		env,
		file: path.join(dir, 'config.json'),
		watch,
		count: () => calls,
		async next() {
			const arrived = new Promise<void>(resolve => {
				waiting = resolve;
			});
			const timeout = delay(patience).then(() => {
				throw new Error(`no change was reported within ${patience} ms`);
			});
			await Promise.race([arrived, timeout]);
		},
	};
}

async function addAccount(env: NodeJS.ProcessEnv, id: string): Promise<void> {
	await updateConfig(env, data => {
		data.accounts[id] = sampleAccount(id);
	});
}

test('an account another process adds is reported, through the real file watch', async t => {
	const config = await watched(t);
	t.is(config.watch.mode, 'watch');
	const change = config.next();
	const other = await runFixture('config-worker', ['update', config.dir, 'other', '1']);
	t.is(other.code, 0, other.stderr);
	await change;
	t.deepEqual(Object.keys(readConfig(config.env).accounts), ['other-0']);
});

test('a refresh, a removal and a file removed are each reported', async t => {
	const config = await watched(t);
	let change = config.next();
	await addAccount(config.env, 'a1');
	await change;

	change = config.next();
	await updateConfig(config.env, data => {
		data.accounts['a1']!.tokens['graph']!.expiresAt += 3_600_000;
	});
	await change;

	change = config.next();
	await updateConfig(config.env, data => {
		delete data.accounts['a1'];
	});
	await change;

	change = config.next();
	await rm(config.file);
	await change;
	t.true(config.count() >= 4, `each of the four changes was reported (${config.count()} reports)`);
});

test('a first run: the missing config folder is created private, and the first sign-in is reported', async t => {
	const config = await watched(t);
	t.is((await stat(config.dir)).mode & 0o777, 0o700);
	t.false(fs.existsSync(config.file), 'no config file is written by watching');
	const change = config.next();
	await addAccount(config.env, 'first');
	await change;
	t.is(config.count(), 1);
});

test('locks and other files in the config folder are not changes', async t => {
	const config = await watched(t, {debounceMs: 300});
	await addAccount(config.env, 'a1');
	await config.next();
	const before = config.count();

	await withLock('account-a1', async () => undefined, {dir: config.dir});
	await writeFile(path.join(config.dir, 'allowed.json'), '{}\n');
	await writeFile(path.join(config.dir, 'config.json.0123.tmp'), '{}\n');
	// Quiet for longer than the gathering pause: a change reported now would be counted.
	await delay(900);
	t.is(config.count(), before, 'nothing but config.json counts');
	const change = config.next();
	await addAccount(config.env, 'a2');
	await change;
	t.is(config.count(), before + 1);
});

test('after stop, nothing is reported', async t => {
	const config = await watched(t);
	config.watch.stop();
	await addAccount(config.env, 'a1');
	await delay(500);
	t.is(config.count(), 0);
});

test('a system that refuses a file watch (inotify limit): the file is polled and changes are still reported', async t => {
	const refuse = (() => {
		throw Object.assign(new Error('ENOSPC: System limit for number of file watchers reached'), {code: 'ENOSPC'});
	}) as unknown as typeof fs.watch;
	const config = await watched(t, {watch: refuse, pollMs: 50});
	t.is(config.watch.mode, 'poll');
	let change = config.next();
	await addAccount(config.env, 'a1');
	await change;

	change = config.next();
	const other = await runFixture('config-worker', ['update', config.dir, 'other', '1']);
	t.is(other.code, 0, other.stderr);
	await change;
	t.deepEqual(Object.keys(readConfig(config.env).accounts).sort(), ['a1', 'other-0']);
});

test('a watch that fails later falls back to polling, and reports once for what may have been missed', async t => {
	let real: fs.FSWatcher | undefined;
	const keep = ((...args: Parameters<typeof fs.watch>) => {
		real = fs.watch(...args);
		return real;
	}) as typeof fs.watch;
	const config = await watched(t, {watch: keep, pollMs: 50});
	t.is(config.watch.mode, 'watch');
	let change = config.next();
	real!.emit('error', Object.assign(new Error('EMFILE: too many open files'), {code: 'EMFILE'}));
	await change;
	t.is(config.watch.mode, 'poll');

	change = config.next();
	await addAccount(config.env, 'a1');
	await change;
	t.truthy(readConfig(config.env).accounts['a1']);
});

test('the config folder removed (rm -r) and made again: the loss is reported, then the new file is followed by polling', async t => {
	const config = await watched(t, {pollMs: 50});
	await addAccount(config.env, 'a1');
	await config.next();
	const change = config.next();
	await rm(config.dir, {recursive: true});
	await change;
	// The file's removal and the folder's may come as two events, the second a moment later.
	for (const deadline = Date.now() + patience; config.watch.mode !== 'poll' && Date.now() < deadline;) {
		await delay(20);
	}

	t.is(config.watch.mode, 'poll');

	const followed = config.next();
	await mkdir(config.dir, {mode: 0o700});
	await addAccount(config.env, 'b1');
	await followed;
	t.deepEqual(Object.keys(readConfig(config.env).accounts), ['b1']);
});
