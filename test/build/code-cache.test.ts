/**
 * The entry shims run msid-env's and `msid token`'s quick bundles from a code cache of their own
 * (scripts/entry-shim.js). Compiled code must never outlive its source: V8 itself checks only a
 * code cache's source length, so an edited bundle of the same length would run its old code if
 * the shim did not compare the source. Run on a copy of the built dist/ folder.
 */
import {execFile} from 'node:child_process';
import {cp, readFile, readdir, stat, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {promisify} from 'node:util';
import test from 'ava';
import {repoRoot} from '../helpers/cli.js';
import {cleanupTempDirs, makeTempDir} from '../helpers/temp-dirs.js';

const run = promisify(execFile);
test.after.always(cleanupTempDirs);

async function copyOfDist(): Promise<{env: string; bundle: string; cacheHome: string}> {
	const root = await makeTempDir('msid-code-cache-');
	await cp(path.join(repoRoot, 'dist'), path.join(root, 'dist'), {recursive: true});
	return {env: path.join(root, 'dist', 'env.js'), bundle: path.join(root, 'dist', 'msid-env.js'), cacheHome: path.join(root, 'cache')};
}

async function help(env: string, cacheHome: string, extra: NodeJS.ProcessEnv = {}): Promise<string> {
	const {stderr} = await run(process.execPath, [env, '--help'], {env: {PATH: process.env.PATH, HOME: path.dirname(cacheHome), XDG_CACHE_HOME: cacheHome, ...extra}});
	return stderr;
}

test('a bundle edited in place, to the same length, runs its new code: the cache is rewritten, never run', async t => {
	const {env, bundle, cacheHome} = await copyOfDist();
	t.regex(await help(env, cacheHome), /^Usage: msid-env /);
	const cacheDir = path.join(cacheHome, 'msid', 'code-cache');
	const [cacheName] = await readdir(cacheDir);
	t.regex(cacheName!, /^msid-env\.js-[\da-f]{8}-v\d+\.\d+\.\d+-/);
	const written = await readFile(path.join(cacheDir, cacheName!));
	t.regex(await help(env, cacheHome), /^Usage: msid-env /);

	const source = await readFile(bundle, 'utf8');
	const edited = source.replace('Usage: msid-env [ACCOUNT]', 'Usage: MSID-ENV [ACCOUNT]');
	t.not(edited, source);
	t.is(Buffer.byteLength(edited), Buffer.byteLength(source));
	await writeFile(bundle, edited);
	t.regex(await help(env, cacheHome), /^Usage: MSID-ENV /);
	t.notDeepEqual(await readFile(path.join(cacheDir, cacheName!)), written);
	t.regex(await help(env, cacheHome), /^Usage: MSID-ENV /);
});

test('the cache is the user\'s alone (folder 0700, file 0600), and NODE_DISABLE_COMPILE_CACHE keeps none', async t => {
	const {env, cacheHome} = await copyOfDist();
	await help(env, cacheHome, {NODE_DISABLE_COMPILE_CACHE: '1'});
	await t.throwsAsync(stat(path.join(cacheHome, 'msid', 'code-cache')), {code: 'ENOENT'});

	await help(env, cacheHome);
	const cacheDir = path.join(cacheHome, 'msid', 'code-cache');
	t.is((await stat(cacheDir)).mode & 0o777, 0o700);
	const files = await readdir(cacheDir);
	t.is(files.length, 1, files.join(', '));
	t.is((await stat(path.join(cacheDir, files[0]!))).mode & 0o777, 0o600);
});

test('two installed copies keep a cache each, so running them in turn rewrites neither', async t => {
	const first = await copyOfDist();
	const second = await copyOfDist();
	await help(first.env, first.cacheHome);
	await help(second.env, first.cacheHome);
	const cacheDir = path.join(first.cacheHome, 'msid', 'code-cache');
	const files = await readdir(cacheDir);
	t.is(files.length, 2, files.join(', '));
	const written = await Promise.all(files.map(async file => (await stat(path.join(cacheDir, file))).mtimeMs));
	await help(first.env, first.cacheHome);
	await help(second.env, first.cacheHome);
	t.deepEqual(await Promise.all(files.map(async file => (await stat(path.join(cacheDir, file))).mtimeMs)), written);
});
