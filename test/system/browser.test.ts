/**
 * The browser opener hands the URL to the platform's opener as one argument, never through a
 * shell: a URL with `&`, `^`, `%`, quotes or spaces reaches the opened program exactly as the
 * URL's href. Every platform's code path is run here with a stub in the opener's place.
 */
import {chmod, mkdtemp, readFile, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test from 'ava';
import {createBrowser, openerCommand} from '../../source/system/browser.js';

const urls = [
	'https://login.example.com/authorize?client_id=a&redirect_uri=http%3A%2F%2Flocalhost%3A5000&state=x^y',
	'https://login.example.com/p?q=%25%26%5E&x="quoted"&y=a b',
	'https://login.example.com/devicelogin?code=AB&&calc.exe&^|dir',
	'http://localhost:53122/?a="&b=^&c=%',
];

/** A stub opener that records its argv, one argument per line, NUL-safe enough for URLs. */
async function stubOpener(name: string): Promise<{dir: string; log: string}> {
	const dir = await mkdtemp(path.join(tmpdir(), 'msid-opener-'));
	const log = path.join(dir, 'argv');
	const stub = path.join(dir, name);
	await writeFile(stub, `#!/bin/sh\nfor arg in "$@"; do printf '%s\\n' "$arg"; done > '${log}'\n`);
	await chmod(stub, 0o755);
	return {dir, log};
}

async function recorded(log: string): Promise<string[]> {
	for (let attempt = 0; attempt < 200; attempt++) {
		const text = await readFile(log, 'utf8').catch(() => '');
		if (text.endsWith('\n')) {
			return text.slice(0, -1).split('\n');
		}

		await new Promise(resolve => {
			setTimeout(resolve, 10);
		});
	}

	throw new Error('the opener never ran');
}

for (const [platform, opener] of [['linux', 'xdg-open'], ['darwin', 'open'], ['win32', 'rundll32']] as const) {
	for (const url of urls) {
		test.serial(`${platform}: ${opener} receives ${url} as one argument, exactly as its href`, async t => {
			const {dir, log} = await stubOpener(opener);
			const browser = createBrowser({}, platform);
			const opened = await withPath(dir, async () => browser.open(url));
			t.true(opened);
			const argv = await recorded(log);
			const href = new URL(url).href;
			t.deepEqual(argv, [...openerCommand(platform, {}).args, href]);
			t.regex(href, /&/, 'the URL still has its query separators');
			t.notRegex(href, /[\s"]/, 'nothing Windows argument quoting would change');
		});
	}
}

test('win32 never starts cmd or a shell', t => {
	const {command, args} = openerCommand('win32', {});
	t.is(command, 'rundll32');
	t.deepEqual(args, ['url.dll,FileProtocolHandler']);
});

test('BROWSER names the opener', async t => {
	const {dir, log} = await stubOpener('my-browser');
	const browser = createBrowser({BROWSER: path.join(dir, 'my-browser')}, 'linux');
	t.true(await browser.open(urls[0]!));
	t.deepEqual(await recorded(log), [new URL(urls[0]!).href]);
});

test('a URL that is not http(s) is not opened', async t => {
	const browser = createBrowser({BROWSER: '/bin/false'}, 'linux');
	t.false(await browser.open('file:///etc/passwd'));
	t.false(await browser.open('javascript:alert(1)'));
});

/** spawn looks commands up on this process's PATH. */
async function withPath<T>(dir: string, run: () => Promise<T>): Promise<T> {
	const before = process.env['PATH'];
	process.env['PATH'] = `${dir}${path.delimiter}${before ?? ''}`;
	try {
		return await run();
	} finally {
		process.env['PATH'] = before;
	}
}
