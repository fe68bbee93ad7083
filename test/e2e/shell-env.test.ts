/**
 * `eval "$(msid-env)"` in real shells, the way users run it, with the real msid-env signed in
 * against the emulator: the variables hold what `msid token` prints, `--unset` removes them,
 * a failure leaves the shell untouched, a forbidden `--var` is refused.
 */
import {keychainPerTestFile, signIn} from '../helpers/e2e.js';
import {execFile} from 'node:child_process';
import {chmod, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {promisify} from 'node:util';
import test from 'ava';
import {CONTOSO_TENANT_ID} from '../../source/emulator/directory.js';
import {startEmulator} from '../../source/emulator/index.js';

import {envPath, makeMsidEnv, runMsid, runMsidEnv, type MsidEnv} from '../helpers/cli.js';
import {cleanupTempDirs, makeTempDir} from '../helpers/temp-dirs.js';
import {findTool, missingToolMessage} from '../shell/tools.js';
import {testNeeding} from '../helpers/tool-gate.js';

const keyring = keychainPerTestFile();

const run = promisify(execFile);

interface Shell {
	name: string;
	/** Debian package providing it, for the skip message. */
	package: string;
	/** `$SHELL` as a login would set it: msid-env picks the syntax from it. */
	binary: string | undefined;
	args: string[];
	/** Loads msid-env's output with these arguments, the documented way. */
	load(args: string): string;
}

const sh = (load: (args: string) => string) => load;
const shells: Shell[] = [
	{name: 'bash', package: 'bash', binary: findTool('bash'), args: ['--norc', '--noprofile'], load: sh(args => `eval "$(msid-env ${args})"`)},
	{name: 'zsh', package: 'zsh', binary: findTool('zsh'), args: ['-f'], load: sh(args => `eval "$(msid-env ${args})"`)},
	{name: 'fish', package: 'fish', binary: findTool('fish'), args: ['--no-config'], load: args => `msid-env ${args} | source`},
	{name: 'dash', package: 'dash', binary: findTool('dash'), args: [], load: sh(args => `eval "$(msid-env ${args})"`)},
	{name: 'pwsh', package: 'powershell', binary: findTool('pwsh'), args: ['-NoProfile', '-NonInteractive', '-File'], load: args => `msid-env --shell pwsh ${args} | Out-String | Invoke-Expression`},
];

let emulator: Awaited<ReturnType<typeof startEmulator>> | undefined;
let msid: MsidEnv;
let bin: string;

test.before(async () => {
	emulator = await startEmulator({interval: 1});
	msid = await makeMsidEnv({...(await keyring.ready()).env, AZURE_AUTHORITY_HOST: emulator.url});
	await signIn(msid.env, ['--name', 'work']);

	// msid-env on PATH, as an install puts it there.
	bin = await makeTempDir('msid-bin-');
	await writeFile(path.join(bin, 'msid-env'), `#!/bin/sh\nexec ${JSON.stringify(process.execPath)} ${JSON.stringify(envPath)} "$@"\n`);
	await chmod(path.join(bin, 'msid-env'), 0o755);
});

test.after.always(async () => {
	await emulator?.close();
	await cleanupTempDirs();
});

const names = ['MSID_ACCESS_TOKEN', 'MSID_TOKEN_EXPIRES_ON', 'MSID_ACCOUNT', 'MSID_TENANT_ID', 'GRAPH_TOKEN'] as const;

/** Runs `lines` in the shell in a temp dir; returns what a child then sees of msid's variables. */
async function inShell(shell: Shell, lines: string[], extraEnv: Record<string, string> = {}): Promise<{vars: Map<string, string>; path: string; stderr: string}> {
	const directory = await makeTempDir('msid-shell-env-');
	const script = path.join(directory, shell.name === 'pwsh' ? 'script.ps1' : 'script');
	const dump = shell.name === 'pwsh' ? "& sh -c 'env -0 > ./env.out'" : 'env -0 > ./env.out';
	await writeFile(script, `${[...lines, dump].join('\n')}\n`);
	const {stderr} = await run(shell.binary!, [...shell.args, script], {
		cwd: directory,
		// PowerShell sets no $SHELL: its documented line names the shell instead.
		env: {...msid.env, PATH: `${bin}:${process.env['PATH']}`, SHELL: shell.name === 'pwsh' ? '' : shell.binary!, ...extraEnv},
	});
	const vars = new Map<string, string>();
	for (const entry of (await readFile(path.join(directory, 'env.out'), 'utf8')).split('\0').filter(Boolean)) {
		const equals = entry.indexOf('=');
		vars.set(entry.slice(0, equals), entry.slice(equals + 1));
	}

	return {vars, path: vars.get('PATH') ?? '', stderr};
}

for (const shell of shells) {
	const test = testNeeding(shell.binary ? undefined : missingToolMessage(shell.name, shell.package), {notPackagedHere: shell.name === 'pwsh'});

	test(`${shell.name}: after loading msid-env's output the variables hold what msid token prints`, async t => {
		const token = await runMsid(['token'], msid.env);
		t.is(token.code, 0, token.stderr);
		const {vars, stderr} = await inShell(shell, [shell.load('')]);
		t.is(stderr, '');
		t.is(vars.get('MSID_ACCESS_TOKEN'), token.stdout.trimEnd());
		t.is(vars.get('MSID_ACCOUNT'), 'work');
		t.is(vars.get('MSID_TENANT_ID'), CONTOSO_TENANT_ID);
		t.true(Number(vars.get('MSID_TOKEN_EXPIRES_ON')) > Date.now() / 1000 + 300);

		// --var: the token under the chosen name, and the default name no longer set.
		const named = await inShell(shell, [shell.load(''), shell.load('--var GRAPH_TOKEN')]);
		t.is(named.vars.get('GRAPH_TOKEN'), token.stdout.trimEnd());
		t.false(named.vars.has('MSID_ACCESS_TOKEN'));
	});

	test(`${shell.name}: --unset removes every variable msid-env set`, async t => {
		const {vars} = await inShell(shell, [shell.load('--var GRAPH_TOKEN'), shell.load('--unset')]);
		for (const name of [...names, 'MSID_TOKEN_VAR', 'MSID_DIR_CONFIG']) {
			t.false(vars.has(name), name);
		}
	});

	test(`${shell.name}: a failure prints nothing to run, exits non-zero and leaves the shell as it was`, async t => {
		const failed = await runMsidEnv(['--shell', shell.name === 'dash' ? 'posix' : shell.name, 'no-such-account'], msid.env);
		t.is(failed.stdout, '');
		t.not(failed.code, 0);
		t.regex(failed.stderr, /^msid-env: No account matches "no-such-account"/);

		const {vars, stderr} = await inShell(shell, [shell.load('no-such-account')], {MSID_ACCOUNT: 'before'});
		t.is(vars.get('MSID_ACCOUNT'), 'before');
		t.false(vars.has('MSID_ACCESS_TOKEN'));
		t.regex(stderr, /No account matches/);
	});

	test(`${shell.name}: a --var that would change how programs run is refused`, async t => {
		for (const name of ['PATH', 'LD_PRELOAD', 'NODE_OPTIONS', 'BASH_ENV', 'PROMPT_COMMAND', 'IFS', 'path']) {
			const refused = await runMsidEnv(['--shell', shell.name === 'dash' ? 'posix' : shell.name, '--var', name], msid.env);
			t.is(refused.code, 2, name);
			t.is(refused.stdout, '', name);
			t.regex(refused.stderr, new RegExp(`^msid-env: --var ${name} cannot hold the token: `), name);
		}

		const {path: pathAfter, vars} = await inShell(shell, [shell.load('--var PATH')]);
		t.is(pathAfter, `${bin}:${process.env['PATH']}`);
		t.false(vars.has('MSID_ACCESS_TOKEN'));
	});
}
