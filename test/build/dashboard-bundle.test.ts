/**
 * The dashboard as built for users: React's production build only, a start-up that fetches
 * nothing (yoga's WebAssembly used to be fetched from a data: URL, loading undici), and
 * CommonJS throughout, so no ES-module loader starts.
 */
import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {makeMsidEnv, repoRoot} from '../helpers/cli.js';
import {makeTempDir} from '../helpers/temp-dirs.js';
import {missingTmux, openDashboardAndQuit} from '../helpers/tmux.js';
import {testNeeding} from '../helpers/tool-gate.js';

const dist = path.join(repoRoot, 'dist');

async function bundleFiles(): Promise<Array<{name: string; text: string}>> {
	const names = (await readdir(dist, {recursive: true})).filter(name => /\.m?js$/.test(name) && !name.startsWith('fallbacks'));
	return Promise.all(names.map(async name => ({name, text: await readFile(path.join(dist, name), 'utf8')})));
}

// The bundle is converted to CommonJS, which drops esbuild's module-path comments, so the builds
// are told apart by code only they hold. The development builds of react and scheduler register
// with React DevTools; those of react and react-reconciler support act(). The production
// reconciler shortens its errors to a code.
const developmentOnly = [/registerInternalModuleStart/, /ReactSharedInternals\d*\.actQueue/];

test('the built bundle holds React, its reconciler and scheduler in their production builds only', async t => {
	const files = await bundleFiles();
	for (const marker of developmentOnly) {
		t.deepEqual(files.filter(file => marker.test(file.text)).map(file => file.name), [], String(marker));
	}

	t.true(files.some(file => file.text.includes('function formatProdErrorMessage')));
	t.true(files.some(file => file.text.includes('react.transitional.element')));
});

test('the markers above tell React\'s development builds from its production builds', async t => {
	const read = async (file: string) => readFile(path.join(repoRoot, 'node_modules', file), 'utf8');
	const development = await Promise.all(['react/cjs/react.development.js', 'react-reconciler/cjs/react-reconciler.development.js', 'scheduler/cjs/scheduler.development.js'].map(read));
	const production = await Promise.all(['react/cjs/react.production.js', 'react-reconciler/cjs/react-reconciler.production.js', 'scheduler/cjs/scheduler.production.js'].map(read));
	t.true(development.every(text => developmentOnly.some(marker => marker.test(text))));
	t.true(production.every(text => developmentOnly.every(marker => !marker.test(text))));
});

test('the bundle is CommonJS only: no ES module starts Node\'s ES-module loader', async t => {
	const names = await readdir(dist, {recursive: true});
	t.deepEqual(names.filter(name => name.endsWith('.mjs')), []);
});

test('yoga\'s WebAssembly is in the bundle once, as bytes, not as a data: URL to fetch', async t => {
	const files = await bundleFiles();
	t.deepEqual(files.filter(file => /data:application\/octet-stream;base64,[A-Za-z\d+/]{64}/.test(file.text)).map(file => file.name), []);
	t.is(files.filter(file => file.text.includes('wasmBinary = Buffer.from(')).length, 1);
});

const preload = path.join(repoRoot, 'test', 'build', 'fixtures', 'record-startup.cjs');

interface StartupRecord {
	fetchReads: string[];
	undici: boolean;
	/** What the preload saw built before the first frame was written; null if none was. */
	unicodeBeforeFirstFrame: string[] | null;
	zlibBeforeFirstFrame: boolean | null;
}

/** Starts the built dashboard in tmux with the recording preload, quits it, returns the record. */
async function recordStartup(t: ExecutionContext): Promise<StartupRecord> {
	const msid = await makeMsidEnv();
	const record = path.join(await makeTempDir('msid-record-'), 'record.json');
	t.is(await openDashboardAndQuit({
		command: [process.execPath, '--require', preload, path.join(dist, 'cli.js')],
		env: {...msid.env, MSID_STORE: 'file', MSID_TEST_RECORD: record, TERM: 'xterm-256color'},
	}), 0);
	return JSON.parse(await readFile(record, 'utf8')) as StartupRecord;
}

testNeeding(missingTmux())('the built dashboard draws its first frame without reading fetch or loading undici', async t => {
	const {fetchReads, undici} = await recordStartup(t);
	t.deepEqual(fetchReads, []);
	t.false(undici);
});

// qrcode's main module loads its PNG renderer, pngjs and node:zlib; the QR code needs the encoder.
testNeeding(missingTmux())('the built dashboard draws its first frame without loading node:zlib', async t => {
	const {zlibBeforeFirstFrame} = await recordStartup(t);
	t.false(zlibBeforeFirstFrame);
});

// The first Intl object costs ICU's locale data (about 20 ms) and the RGI emoji pattern about
// 25 ms to build: plain text, all a first frame holds, needs neither (unicode-at-first-use.js).
testNeeding(missingTmux())('the built dashboard draws its first frame before building any segmenter or emoji pattern', async t => {
	const {unicodeBeforeFirstFrame} = await recordStartup(t);
	t.deepEqual(unicodeBeforeFirstFrame, []);
});
