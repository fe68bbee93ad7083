/**
 * Hostile values reach the shells the way remote data does, and none of them runs as code.
 *
 * (a) ID-token claims: the emulator serves users whose usernames and display names are
 *     hostile; each signs in with the real msid, and the real msid-env's output is loaded
 *     in bash, zsh, fish and dash.
 * (b) Account names: a sample through the real `msid login --name` and msid-env programs, and
 *     the whole corpus as the name of one signed-in account, through msid-env's own modules in
 *     this process (a sign-in and four program starts per value would take many minutes).
 *
 * In every case the shell writes MSID_ACCOUNT back to a file, compared byte for byte, and a
 * canary file that any escaped payload would create must never appear. PowerShell has no Debian
 * package: in (b) its code is checked as text, pure ASCII and evaluated by the interpreter of
 * exactly the forms msid writes for it (test/shell-env/pwsh-eval.ts).
 */
import {execFile} from 'node:child_process';
import {existsSync} from 'node:fs';
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {promisify} from 'node:util';
import test from 'ava';
import {createRuntime} from '../../source/app/runtime/create-runtime.js';
import {CONTOSO_TENANT_ID, demoDirectory, type Directory} from '../../source/emulator/directory.js';
import {startEmulator} from '../../source/emulator/index.js';
import {runEnv} from '../../source/shell-env/run.js';
import type {ShellKind} from '../../source/shell-env/shells.js';
import {updateConfig} from '../../source/storage/config-store.js';
import type {SecretStore} from '../../source/storage/secret-store.js';
import {injectionCorpus} from '../fixtures/injection-corpus.js';
import {approveDeviceCode} from '../helpers/emulator-approve.js';
import {directoryOfNames, keychainPerTestFile, deviceCodePrompt, namedUserPassword} from '../helpers/e2e.js';
import {makeMsidEnv, runMsidEnv, startMsid, type MsidEnv} from '../helpers/cli.js';
import {makeTempDir} from '../helpers/temp-dirs.js';
import {findTool, missingToolMessage} from '../shell/tools.js';
import {evalPwsh} from '../shell-env/pwsh-eval.js';

const run = promisify(execFile);
interface Shell {
	name: string;
	kind: Exclude<ShellKind, 'pwsh'>;
	binary: string | undefined;
	args: string[];
	/** Loads a file of msid-env output the way users load msid-env's output. */
	load(file: string): string;
	/** Writes MSID_ACCOUNT to `out` and notes `index` when the canary appeared. */
	check(index: number): string;
}

const shCheck = (index: number) => `printf %s "$MSID_ACCOUNT" > out.${index}\nif [ -e CANARY ]; then echo ${index} >> canaries; rm -f CANARY; fi`;
const shells: Shell[] = [
	{name: 'bash', kind: 'bash', binary: findTool('bash'), args: ['--norc', '--noprofile'], load: file => `unset MSID_ACCOUNT\neval "$(<${file})"`, check: shCheck},
	{name: 'zsh', kind: 'zsh', binary: findTool('zsh'), args: ['-f'], load: file => `unset MSID_ACCOUNT\neval "$(<${file})"`, check: shCheck},
	{name: 'dash', kind: 'posix', binary: findTool('dash'), args: [], load: file => `unset MSID_ACCOUNT\neval "$(cat ${file})"`, check: shCheck},
	{
		name: 'fish',
		kind: 'fish',
		binary: findTool('fish'),
		args: ['--no-config'],
		load: file => `set -e MSID_ACCOUNT\ncat ${file} | source`,
		check: index => `printf %s "$MSID_ACCOUNT" > out.${index}\nif test -e CANARY; echo ${index} >> canaries; rm -f CANARY; end`,
	},
];

interface Case {
	/** What the value is, for messages (JSON, shortened). */
	label: string;
	/** msid-env's output for this shell. */
	code: string;
	/** The bytes MSID_ACCOUNT must hold. */
	expected: Buffer;
}

/** Loads each case in one run of the shell, in a temp dir; returns a problem per failing case. */
async function evalCases(shell: Shell, cases: Case[]): Promise<string[]> {
	const directory = await makeTempDir(`msid-injection-${shell.name}-`);
	const lines: string[] = [];
	for (const [index, item] of cases.entries()) {
		await writeFile(path.join(directory, `code.${index}`), item.code);
		lines.push(shell.load(`./code.${index}`), shell.check(index));
	}

	await writeFile(path.join(directory, 'script'), `${lines.join('\n')}\n`);
	await run(shell.binary!, [...shell.args, './script'], {
		cwd: directory,
		env: {PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: directory, LC_ALL: 'C.UTF-8'},
		maxBuffer: 64 * 1024 * 1024,
	}).catch(() => undefined);
	const canaries = existsSync(path.join(directory, 'canaries')) ? (await readFile(path.join(directory, 'canaries'), 'utf8')).split('\n').filter(Boolean).map(Number) : [];
	const problems: string[] = [];
	for (const [index, item] of cases.entries()) {
		if (canaries.includes(index) || existsSync(path.join(directory, 'CANARY'))) {
			problems.push(`${shell.name}: ${item.label} ran code (the canary appeared)`);
		}

		const out = path.join(directory, `out.${index}`);
		const actual = existsSync(out) ? await readFile(out) : undefined;
		if (!actual?.equals(item.expected)) {
			problems.push(`${shell.name}: ${item.label} came back as ${actual === undefined ? 'nothing (the shell stopped)' : JSON.stringify(actual.toString('utf8').slice(0, 80))}`);
		}
	}

	return problems;
}

async function mapLimit<T, R>(items: readonly T[], limit: number, body: (item: T, index: number) => Promise<R>): Promise<R[]> {
	const results: R[] = [];
	let next = 0;
	await Promise.all(
		Array.from({length: Math.min(limit, items.length)}, async () => {
			while (next < items.length) {
				const index = next++;
				results[index] = await body(items[index]!, index);
			}
		}),
	);
	return results;
}

const label = (value: string) => {
	const json = JSON.stringify(value);
	return json.length > 60 ? `${json.slice(0, 57)}…" (${value.length} chars)` : json;
};

const available = shells.filter(shell => shell.binary);
const missingShells = shells.filter(shell => !shell.binary).map(shell => missingToolMessage(shell.name, shell.name));

const keyring = keychainPerTestFile();

/** Signs in with the real msid; `username`/`password` pick the user on the emulator's page. */
async function cliLogin(msid: MsidEnv, args: string[], user?: {username: string; password: string}): Promise<void> {
	const login = startMsid(['login', ...args], msid.env);
	const [, uri, userCode] = (await login.waitForStderr(deviceCodePrompt, 60_000)) as unknown as string[];
	await approveDeviceCode({verificationUri: uri!, userCode: userCode!, ...user});
	const result = await login.done;
	if (result.code !== 0) {
		throw new Error(`login ${label(args.join(' '))} failed: ${result.stderr}`);
	}
}

/** Real msid-env output for every shell, checked for every value. */
async function checkRealMsidEnv(t: import('ava').ExecutionContext, signedIn: Array<{value: string; msid: MsidEnv}>): Promise<void> {
	const problems: string[] = [];
	for (const shell of available) {
		const cases = await mapLimit(signedIn, 4, async ({value, msid}) => {
			const result = await runMsidEnv(['--shell', shell.kind], msid.env);
			if (result.code !== 0 || result.stdout === '') {
				problems.push(`${shell.name}: msid-env failed for ${label(value)}: ${result.stderr}`);
			}

			return {label: label(value), code: result.stdout, expected: Buffer.from(value, 'utf8')};
		});
		problems.push(...(await evalCases(shell, cases)));
	}

	t.deepEqual(problems, []);
}

/** Corpus values the emulator's sign-in page can offer and match: no padding (it trims), no lone surrogates, unique ignoring case. */
function claimSample(count: number): string[] {
	const seen = new Set<string>();
	const usable = injectionCorpus.filter(value => {
		const key = value.toLowerCase();
		const ok = value !== '' && value.trim() === value && value.length <= 400 && value === value.toWellFormed() && !seen.has(key);
		seen.add(key);
		return ok;
	});
	const step = usable.length / count;
	return Array.from({length: count}, (_, index) => usable[Math.floor(index * step)]!);
}

test.serial('(a) hostile usernames and display names in ID tokens: no shell runs them, MSID_ACCOUNT round-trips', async t => {
	t.timeout(170_000);
	if (missingShells.length > 0) {
		t.log(...missingShells);
	}

	const values = [...new Set([...claimSample(20), '\'"`$(touch CANARY)`"\'', 'a;touch CANARY', 'x\ny$(touch CANARY)', '日本語; touch CANARY'])];
	const emulator = await startEmulator({interval: 1, directory: directoryOfNames(values)});
	t.teardown(async () => emulator.close());

	const signedIn = await mapLimit(values, 10, async (value, index) => {
		const msid = await makeMsidEnv({...keyring().env, AZURE_AUTHORITY_HOST: emulator.url});
		await cliLogin(msid, [], {username: value, password: namedUserPassword(index)});
		return {value, msid};
	});
	await checkRealMsidEnv(t, signedIn);
});

test.serial('(a) a NUL in a claim: msid-env refuses clearly and prints nothing to run', async t => {
	const directory: Directory = demoDirectory();
	directory.users = [{username: 'nul\u0000user@contoso.onmicrosoft.com', password: 'pw', displayName: 'nul', memberships: [{tenantId: CONTOSO_TENANT_ID, oid: '0000000a-0000-4000-8000-000000000000', home: true}]}];
	const emulator = await startEmulator({interval: 1, directory});
	t.teardown(async () => emulator.close());
	const msid = await makeMsidEnv({...keyring().env, AZURE_AUTHORITY_HOST: emulator.url});
	await cliLogin(msid, [], {username: directory.users[0]!.username, password: 'pw'});
	for (const shell of ['bash', 'zsh', 'fish', 'posix']) {
		const result = await runMsidEnv(['--shell', shell], msid.env);
		t.is(result.stdout, '', shell);
		t.is(result.code, 1, shell);
		t.regex(result.stderr, /^msid-env: A value to export contains a NUL byte, which no environment variable can hold\.$/m, shell);
	}
});

test.serial('(b) account names through the real msid login --name and msid-env', async t => {
	t.timeout(170_000);
	const emulator = await startEmulator({interval: 1});
	t.teardown(async () => emulator.close());
	// A sample that covers each kind of breakout, and the longest values argv can carry.
	const values = [...new Set([...claimSample(8), "' ; touch CANARY ; echo '", '-n', '\r\ntouch CANARY\r\n', '\u202Eevil\u202C;touch CANARY', injectionCorpus.find(value => value.length > 100_000)!, "'".repeat(10_000)])];
	const signedIn = await mapLimit(values, 10, async value => {
		const msid = await makeMsidEnv({...keyring().env, AZURE_AUTHORITY_HOST: emulator.url});
		// --name=VALUE: a value that starts with - stays the option's value.
		await cliLogin(msid, [`--name=${value}`]);
		return {value, msid};
	});
	await checkRealMsidEnv(t, signedIn);
});

test.serial('(b) every corpus value as an account name, through msid-env\'s code, in every shell', async t => {
	t.timeout(170_000);
	if (missingShells.length > 0) {
		t.log(...missingShells);
	}

	// One sign-in, then the account renamed to each value in turn, as a rename would store it:
	// msid has no rename command, and a sign-in per value would take minutes.
	const emulator = await startEmulator({interval: 1});
	t.teardown(async () => emulator.close());
	const msid = await makeMsidEnv({...keyring().env, AZURE_AUTHORITY_HOST: emulator.url});
	await cliLogin(msid, []);
	const runtime = await createRuntime({env: msid.env, warn() {}});
	// Thousands of renders read the same keychain entry; the keychain is tested elsewhere, and a
	// test keyring flooded with D-Bus calls stops answering. Read each entry once.
	runtime.secrets = readOnce(runtime.secrets);
	const rendered: Array<{value: string; code: Map<string, string>; expected: Buffer}> = [];
	const pwshProblems: string[] = [];
	for (const value of injectionCorpus) {
		await updateConfig(msid.env, data => {
			for (const account of Object.values(data.accounts)) {
				account.name = value === '' ? account.username! : value;
				if (value === '') {
					delete account.alias;
				} else {
					account.alias = value;
				}
			}
		});
		// msid-env's own code path (source/env.ts is this plus process I/O), in this process:
		// a process per value and shell would take minutes.
		const code = new Map<string, string>();
		for (const shell of available) {
			code.set(shell.name, (await runEnv(['--shell', shell.kind], msid.env, async () => runtime)).stdout);
		}

		// An empty name is no alias: the account keeps its own name.
		const expected = Buffer.from(value === '' ? 'alice@contoso.onmicrosoft.com' : value, 'utf8');
		rendered.push({value, code, expected});

		const pwsh = (await runEnv(['--shell', 'pwsh'], msid.env, async () => runtime)).stdout;
		let account: string | undefined;
		try {
			account = evalPwsh(pwsh).get('MSID_ACCOUNT');
		} catch (error) {
			pwshProblems.push(`pwsh: ${label(value)} was refused: ${String(error)}`);
		}

		if (!/^[\x00-\x7F]+$/.test(pwsh) || (account !== undefined && !Buffer.from(account, 'utf8').equals(expected))) {
			pwshProblems.push(`pwsh: ${label(value)} is not ASCII or came back as ${JSON.stringify(account?.slice(0, 80))}`);
		}
	}

	t.deepEqual(pwshProblems, []);

	t.true(rendered.length >= 200, `the corpus has ${rendered.length} values`);
	const chunks: Array<typeof rendered> = [];
	for (let start = 0; start < rendered.length; start += 160) {
		chunks.push(rendered.slice(start, start + 160));
	}

	const problems: string[] = [];
	const jobs = available.flatMap(shell => chunks.map(chunk => ({shell, chunk})));
	await mapLimit(jobs, 2, async ({shell, chunk}) => {
		problems.push(...(await evalCases(shell, chunk.map(item => ({label: label(item.value), code: item.code.get(shell.name)!, expected: item.expected})))));
	});
	t.deepEqual(problems, []);
});

function readOnce(store: SecretStore): SecretStore {
	const read = new Map<string, Promise<string | undefined>>();
	return {
		kind: store.kind,
		listsSilently: store.listsSilently,
		async get(key) {
			if (!read.has(key)) {
				read.set(key, store.get(key));
			}

			return read.get(key);
		},
		async set(key, value) {
			read.delete(key);
			return store.set(key, value);
		},
		async delete(key) {
			read.delete(key);
			return store.delete(key);
		},
		async keys() {
			return store.keys();
		},
	};
}
