/**
 * The README's `msid exec` example with curl, run as written: the token reaches curl as a header
 * on standard input and never as an argument, which every local user could read with `ps`.
 * A stand-in curl first on PATH records its argv and its input.
 */
import {chmod, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import {startEmulator} from '../../source/emulator/index.js';
import {keychainPerTestFile, signIn} from '../helpers/e2e.js';
import {makeMsidEnv, runMsid} from '../helpers/cli.js';
import {makeTempDir} from '../helpers/temp-dirs.js';

const keyring = keychainPerTestFile();

async function readmeCurlExample(): Promise<string[]> {
	const readme = await readFile(path.resolve(import.meta.dirname, '../../README.md'), 'utf8');
	const line = readme.split('\n').find(text => text.startsWith('msid exec -- sh -c ') && text.includes('curl'));
	if (!line) {
		throw new Error('the README has no msid exec example with curl');
	}

	const script = /^msid exec -- sh -c '(.*)'$/.exec(line)?.[1];
	if (!script) {
		throw new Error(`the README's example is not of the form msid exec -- sh -c '...': ${line}`);
	}

	return ['exec', '--', 'sh', '-c', script];
}

test('the README\'s curl example gives curl the token on its input, never in its arguments', async t => {
	const emulator = await startEmulator({interval: 1});
	t.teardown(async () => emulator.close());
	const msid = await makeMsidEnv({...(await keyring.ready()).env, AZURE_AUTHORITY_HOST: emulator.url});
	await signIn(msid.env);
	const bin = await makeTempDir('msid-curl-stub-');
	const record = path.join(bin, 'record');
	await writeFile(path.join(bin, 'curl'), `#!/bin/sh\nprintf '%s\\n' "$@" > '${record}.argv'\ncat > '${record}.stdin'\n`);
	await chmod(path.join(bin, 'curl'), 0o755);

	const token = (await runMsid(['token'], msid.env)).stdout.trim();
	const result = await runMsid(await readmeCurlExample(), {...msid.env, PATH: `${bin}${path.delimiter}${msid.env['PATH'] ?? ''}`});
	t.is(result.code, 0, result.stderr);
	const argv = await readFile(`${record}.argv`, 'utf8');
	t.false(argv.includes(token), 'the token is in curl\'s arguments');
	t.regex(argv, /^-H\n@-\n/m, 'curl reads the header from its input');
	t.is(await readFile(`${record}.stdin`, 'utf8'), `Authorization: Bearer ${token}\n`);
});
