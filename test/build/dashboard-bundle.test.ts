/**
 * The dashboard as built for users: React's production build only, and a start-up that
 * fetches nothing (yoga's WebAssembly used to be fetched from a data: URL, loading undici).
 */
import {readdir, readFile} from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import {makeMsidEnv, repoRoot} from '../helpers/cli.js';
import {makeTempDir} from '../helpers/temp-dirs.js';
import {missingTmux, TmuxPane} from '../helpers/tmux.js';
import {testNeeding} from '../helpers/tool-gate.js';

const dist = path.join(repoRoot, 'dist');

async function bundleFiles(): Promise<Array<{name: string; text: string}>> {
	const names = (await readdir(dist, {recursive: true})).filter(name => /\.m?js$/.test(name) && !name.startsWith('fallbacks'));
	return Promise.all(names.map(async name => ({name, text: await readFile(path.join(dist, name), 'utf8')})));
}

test('the built bundle holds React, its reconciler and scheduler in their production builds only', async t => {
	const files = await bundleFiles();
	const modules = files.flatMap(file => [...file.text.matchAll(/^\/\/ node_modules\/((?:react|react-reconciler|scheduler)\/cjs\/[\w.-]+\.js)$/gm)].map(match => match[1]!));
	t.deepEqual(modules.filter(module => module.includes('development')), []);
	t.true(modules.includes('react/cjs/react.production.js'), modules.join(', '));
	t.true(modules.some(module => module.startsWith('react-reconciler/cjs/react-reconciler.production')), modules.join(', '));
});

test('yoga\'s WebAssembly is in the bundle once, as bytes, not as a data: URL to fetch', async t => {
	const files = await bundleFiles();
	t.deepEqual(files.filter(file => /data:application\/octet-stream;base64,[A-Za-z\d+/]{64}/.test(file.text)).map(file => file.name), []);
	t.is(files.filter(file => file.text.includes('wasmBinary: Buffer.from(')).length, 1);
});

const preload = path.join(repoRoot, 'test', 'build', 'fixtures', 'record-startup.cjs');

testNeeding(missingTmux())('the built dashboard draws its first frame without reading fetch or loading undici', async t => {
	const msid = await makeMsidEnv();
	const record = path.join(await makeTempDir('msid-record-'), 'record.json');
	const pane = await TmuxPane.start({
		command: [process.execPath, '--require', preload, path.join(dist, 'cli.js')],
		env: {...msid.env, MSID_STORE: 'file', MSID_TEST_RECORD: record, TERM: 'xterm-256color'},
	});
	try {
		await pane.waitFor(/msid · \d+ account/, 'the dashboard title');
		await pane.press('q');
		t.is(await pane.waitForExit(), 0);
	} finally {
		await pane.stop();
	}

	const {fetchReads, undici} = JSON.parse(await readFile(record, 'utf8')) as {fetchReads: string[]; undici: boolean};
	t.deepEqual(fetchReads, []);
	t.false(undici);
});
