/**
 * `msid` alone in a terminal runs the dashboard's chunk from a code cache of its own
 * (scripts/entry-shim.js): written after a usual run (quit with q or Ctrl-C), then used as it is. That
 * the cache is used only for the exact source it was compiled from is the shim's one mechanism,
 * tested with msid-env in code-cache.test.ts.
 */
import {execFile} from 'node:child_process';
import {readdir, readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import {promisify} from 'node:util';
import test from 'ava';
import {cliPath, makeMsidEnv} from '../helpers/cli.js';
import {makeTempDir} from '../helpers/temp-dirs.js';
import {missingTmux, openDashboardAndQuit} from '../helpers/tmux.js';
import {testNeeding} from '../helpers/tool-gate.js';

const dashboardCache = /^run-dashboard-\w+\.js-[\da-f]{8}-v\d+\.\d+\.\d+-/;

async function cacheFiles(cacheHome: string): Promise<string[]> {
	try {
		return await readdir(path.join(cacheHome, 'msid', 'code-cache'));
	} catch {
		return [];
	}
}

testNeeding(missingTmux())('the dashboard\'s chunk is cached after a usual run, and the next start uses that cache as it is', async t => {
	const msid = await makeMsidEnv({MSID_STORE: 'file'});
	const cacheHome = await makeTempDir('msid-cache-');
	const env = {...msid.env, XDG_CACHE_HOME: cacheHome, TERM: 'xterm-256color'};
	t.is(await openDashboardAndQuit({command: [process.execPath, cliPath], env}), 0);
	const [name, ...others] = (await cacheFiles(cacheHome)).filter(file => dashboardCache.test(file));
	t.truthy(name);
	t.deepEqual(others, []);
	const file = path.join(cacheHome, 'msid', 'code-cache', name!);
	const written = await readFile(file);

	// A missing, rejected or not-yet-usual cache is written again at exit; a used one stays.
	t.is(await openDashboardAndQuit({command: [process.execPath, cliPath], env}), 0);
	t.deepEqual(await readFile(file), written);
});

testNeeding(missingTmux())('a dashboard left with Ctrl-C keeps its cache as well', async t => {
	const msid = await makeMsidEnv({MSID_STORE: 'file'});
	const cacheHome = await makeTempDir('msid-cache-');
	const env = {...msid.env, XDG_CACHE_HOME: cacheHome, TERM: 'xterm-256color'};
	t.is(await openDashboardAndQuit({command: [process.execPath, cliPath], env}, 'C-c'), 130);
	const [name] = (await cacheFiles(cacheHome)).filter(file => dashboardCache.test(file));
	t.truthy(name);
	const file = path.join(cacheHome, 'msid', 'code-cache', name!);
	// The byte after the file's first line marks a cache written after a usual run.
	const written = await readFile(file);
	t.is(written[written.indexOf(0x0A) + 1], 1, 'marked as taken after a usual run');
	const {ino} = await stat(file);
	t.is(await openDashboardAndQuit({command: [process.execPath, cliPath], env}, 'C-c'), 130);
	t.is((await stat(file)).ino, ino, 'used as it is, not written again (a rewrite is a new file renamed over it)');
});

test('msid without a terminal (the account list) neither runs nor caches the dashboard\'s chunk', async t => {
	const msid = await makeMsidEnv({MSID_STORE: 'file'});
	const cacheHome = await makeTempDir('msid-cache-');
	await promisify(execFile)(process.execPath, [cliPath], {env: {...msid.env, XDG_CACHE_HOME: cacheHome}}).catch((error: unknown) => error);
	t.deepEqual((await cacheFiles(cacheHome)).filter(file => dashboardCache.test(file)), []);
});
