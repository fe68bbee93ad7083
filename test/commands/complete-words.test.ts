/**
 * What Tab offers, decided from the declarations (the shells' scripts only insert it), and the
 * real `msid completion` and `msid __complete`.
 */
import {mkdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import {completableAccounts, completeWords, completionLines, type Completion} from '../../source/commands/complete-words.js';
import {commandSpecs, publicSpecs} from '../../source/commands/spec/index.js';
import {makeMsidEnv, repoRoot, runMsid} from '../helpers/cli.js';
import {cleanupTempDirs} from '../helpers/temp-dirs.js';

test.after.always(cleanupTempDirs);

const accounts = ['alice@contoso.com', 'bob@fabrikam.com'];

function words(typed: string[], names: readonly string[] = accounts): string[] | 'files' {
	const completion: Completion = completeWords(typed, () => names);
	return completion.kind === 'files' ? 'files' : completion.candidates.map(candidate => candidate.word);
}

test('commands first, and only the public ones', t => {
	t.deepEqual(words(['']), publicSpecs.map(spec => spec.name));
	t.deepEqual(words(['lo']), ['login', 'logout']);
	t.false(words(['__']) === 'files' || (words(['__']) as string[]).length > 0);
	t.deepEqual(words(['-']), ['--help', '--version']);
});

test('every option a command declares, plus --help; one already given is not offered again unless it repeats', t => {
	for (const spec of publicSpecs) {
		t.deepEqual(words([spec.name, '--']), [...Object.keys(spec.options).map(name => `--${name}`), '--help'], spec.name);
	}

	t.deepEqual(words(['token', '--copy', '--scope', 'a', '--c']), ['--claims', '--cae']);
	t.true((words(['token', '--scope', 'a', '--s']) as string[]).includes('--scope'));
});

test('option values: the declared choices, files for a PEM, nothing for free text', t => {
	t.deepEqual(words(['token', '--format', '']), ['raw', 'json', 'az', 'k8s']);
	t.deepEqual(words(['token', '--format=j']), ['--format=json']);
	t.deepEqual(words(['login', '--flow', 'c']), ['client-secret', 'certificate']);
	t.is(words(['login', '--certificate', '']), 'files');
	t.deepEqual(words(['login', '--tenant', '']), []);
});

test('account names where an account goes, after options and their values', t => {
	t.deepEqual(words(['token', '']), accounts);
	t.deepEqual(words(['token', '--scope', 'User.Read', 'a']), ['alice@contoso.com']);
	t.deepEqual(words(['token', 'alice', '']), []);
	t.deepEqual(words(['use', "'b"]), ['bob@fabrikam.com'], 'an opening quote is not part of the name');
	t.deepEqual(words(['list', '']), []);
});

test('msid request: an account or a method first; after a method, the URL is free text', t => {
	t.deepEqual(words(['request', '']), [...accounts, 'GET', 'HEAD', 'POST', 'PUT', 'PATCH', 'DELETE', 'OPTIONS']);
	t.deepEqual(words(['request', 'alice', 'P']), ['POST', 'PUT', 'PATCH']);
	t.deepEqual(words(['request', 'get', '']), []);
});

test('help completes command names; completion its shells; exec hands the rest to the shell', t => {
	t.deepEqual(words(['help', 'to']), ['token']);
	t.deepEqual(words(['completion', '']), ['bash', 'zsh', 'fish', 'pwsh']);
	t.is(words(['exec', 'alice', '--', 'az', '']), 'files');
});

test('account names are read only when an account may come next', t => {
	let reads = 0;
	const count = () => {
		reads++;
		return accounts;
	};

	completeWords(['tok'], count);
	completeWords(['token', '--format', ''], count);
	completeWords(['token', '--'], count);
	t.is(reads, 0);
	completeWords(['token', ''], count);
	t.is(reads, 1);
});

test('hostile account names: offered only when they can be typed back as they are', t => {
	const names = ['x$(touch p)', 'a b', 'tab\there', 'line\nbreak', 'esc\u001B[2J', 'bidi\u202Eevil', 'c1\u009B', '-rf', '', 'dup', 'dup'];
	t.deepEqual(completableAccounts(names).map(candidate => candidate.word), ['a b', 'dup', 'x$(touch p)']);
});

test('the answer as lines: a kind, then one word a line with its description after a tab', t => {
	t.is(completionLines({kind: 'files'}), 'files\n');
	t.is(completionLines({kind: 'words', candidates: [{word: 'token', description: 'print a fresh access token'}, {word: 'a b'}]}), 'words\ntoken\tprint a fresh access token\na b\n');
	t.is(completionLines({kind: 'words', candidates: []}), 'words\n');
});

test('the completion commands need no runtime: no config store, keychain or network is opened', t => {
	for (const name of ['__complete', 'completion', 'help']) {
		t.true(commandSpecs.find(spec => spec.name === name)?.bare, name);
	}
});

test('the real msid: __complete reads account names from config alone, and a bad config offers none', async t => {
	const msid = await makeMsidEnv({DBUS_SESSION_BUS_ADDRESS: 'unix:path=/nonexistent', MSID_STORE: 'keychain'});
	await mkdir(msid.configDir, {recursive: true});
	const account = (id: string, name: string) => ({id, name, kind: 'user', provider: {kind: 'entra', clientId: 'c'}, flow: 'device-code', scopes: [], tenants: [], store: 'keychain', tokens: {}, createdAt: 0});
	await writeFile(path.join(msid.configDir, 'config.json'), JSON.stringify({version: 1, accounts: {a: account('a', 'alice@contoso.com'), e: account('e', 'evil\u001B]0;x\u0007')}}));
	const result = await runMsid(['__complete', '--word=use', '--word=a'], msid.env);
	t.is(result.code, 0, result.stderr);
	t.is(result.stdout, 'words\nalice@contoso.com\n');
	t.is(result.stderr, '');
	await writeFile(path.join(msid.configDir, 'config.json'), '{not json');
	const broken = await runMsid(['__complete', '--word=use', '--word='], msid.env);
	t.is(broken.code, 0);
	t.is(broken.stdout, 'words\n');
});

test('the real msid: completion SHELL prints the script that msid-env --hook SHELL appends', async t => {
	const msid = await makeMsidEnv();
	for (const [shell, file] of [['bash', 'completion.bash'], ['zsh', 'completion.zsh'], ['fish', 'completion.fish'], ['pwsh', 'completion.ps1'], ['powershell', 'completion.ps1']] as const) {
		const result = await runMsid(['completion', shell], msid.env);
		t.is(result.code, 0, result.stderr);
		t.is(result.stdout, await readFile(path.join(repoRoot, 'shell', file), 'utf8'));
	}

	const unknown = await runMsid(['completion', 'tcsh'], msid.env);
	t.is(unknown.code, 2);
	t.is(unknown.stderr, 'msid: There is no completion for "tcsh": use bash, zsh, fish or pwsh.\n');
	const missing = await runMsid(['completion'], msid.env);
	t.is(missing.code, 2);
});
