/**
 * msid as git's credential helper for Azure Repos, with the real git: `msid setup-git` writes
 * the global config (twice: the same bytes), then `git credential fill` for dev.azure.com and
 * ORG.visualstudio.com returns the account's user name and an Azure DevOps token from the
 * emulator, while other hosts get nothing from msid.
 */
import {spawn} from 'node:child_process';
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import {keychainPerTestFile, signIn} from '../helpers/e2e.js';
import {makeMsidEnv, runMsid, type MsidEnv} from '../helpers/cli.js';
import {jwtClaims} from '../helpers/jwt.js';
import {testNeeding} from '../helpers/tool-gate.js';
import {findTool, missingToolMessage} from '../shell/tools.js';
import {ALICE, AZURE_DEVOPS_RESOURCE, startEmulator} from '../../source/emulator/index.js';
import {runCaptured, type ProgramOutcome} from '../../source/system/run-program.js';

const keyring = keychainPerTestFile();
const git = findTool('git');
const gitTest = testNeeding(git ? undefined : missingToolMessage('git', 'git'));

let emulator: Awaited<ReturnType<typeof startEmulator>> | undefined;
let msid: MsidEnv;
let gitEnv: NodeJS.ProcessEnv;

test.before(async () => {
	emulator = await startEmulator({interval: 1});
	msid = await makeMsidEnv({...(await keyring.ready()).env, AZURE_AUTHORITY_HOST: emulator.url});
	await signIn(msid.env, ['--name', 'work']);
	// Only the config of this test's HOME: no system config, no prompt when nothing answers.
	gitEnv = {...msid.env, GIT_CONFIG_NOSYSTEM: '1', GIT_TERMINAL_PROMPT: '0', GIT_ASKPASS: '', SSH_ASKPASS: ''};
});

test.after.always(async () => {
	await emulator?.close();
});

async function gitCredentialFill(input: string): Promise<ProgramOutcome> {
	return runCaptured(git!, ['credential', 'fill'], gitEnv, input);
}

function attributes(output: string): Record<string, string> {
	return Object.fromEntries(output.split('\n').filter(Boolean).map(line => [line.slice(0, line.indexOf('=')), line.slice(line.indexOf('=') + 1)]));
}

gitTest.serial('setup-git writes the global config; a second run leaves it byte for byte the same', async t => {
	const gitconfig = path.join(msid.home, '.gitconfig');
	// A helper the user had for Azure Repos before: msid's config replaces it for those URLs.
	await writeFile(gitconfig, '[credential "https://dev.azure.com"]\n\thelper = cache\n[user]\n\tname = Alice\n');
	const first = await runMsid(['setup-git', 'work'], msid.env);
	t.is(first.code, 0, first.stderr);
	t.is(first.stdout, '');
	const once = await readFile(gitconfig, 'utf8');
	const second = await runMsid(['setup-git', 'work'], msid.env);
	t.is(second.code, 0, second.stderr);
	t.is(await readFile(gitconfig, 'utf8'), once);
	t.regex(once, /\[user\]\n\tname = Alice/);

	for (const url of ['https://dev.azure.com', 'https://*.visualstudio.com']) {
		const {stdout} = await runGitConfig(['--global', '--get-all', `credential.${url}.helper`]);
		const helpers = stdout.split('\n').filter((_line, index, all) => index < all.length - 1);
		t.is(helpers.length, 2, url);
		t.is(helpers[0], '', `${url}: the empty helper clears the ones before it`);
		t.regex(helpers[1]!, /^!'.+' '.+cli\.js' 'git-credential' '--' '[^']+'$/);
	}
});

async function runGitConfig(args: string[]): Promise<{stdout: string}> {
	const child = spawn(git!, ['config', ...args], {env: gitEnv});
	let stdout = '';
	child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
		stdout += chunk;
	});
	await new Promise(resolve => {
		child.on('close', resolve);
	});
	return {stdout};
}

gitTest.serial('git credential fill: the account\'s user name and an Azure DevOps token, for dev.azure.com and ORG.visualstudio.com', async t => {
	const expected = await runMsid(['token', 'work', '--resource', AZURE_DEVOPS_RESOURCE], msid.env);
	t.is(expected.code, 0, expected.stderr);
	for (const host of ['dev.azure.com', 'contoso.visualstudio.com']) {
		const filled = await gitCredentialFill(`protocol=https\nhost=${host}\npath=contoso/project/_git/repo\n\n`);
		t.is(filled.code, 0, filled.stderr);
		const answer = attributes(filled.stdout);
		t.is(answer['username'], ALICE.username, host);
		t.is(answer['password'], expected.stdout.trimEnd(), host);
		t.is(jwtClaims(answer['password']!)['aud'], AZURE_DEVOPS_RESOURCE);
		t.true(String(jwtClaims(answer['password']!)['iss']).startsWith(emulator!.url));
	}
});

gitTest.serial('other hosts, and http, get nothing from msid', async t => {
	for (const request of ['protocol=https\nhost=github.com\n\n', 'protocol=http\nhost=dev.azure.com\n\n', 'protocol=https\nhost=dev.azure.com.evil.example\n\n']) {
		const filled = await gitCredentialFill(request);
		t.not(filled.code, 0, request);
		t.false(filled.stdout.includes('password='), request);
	}

	// The helper itself answers with nothing, and store/erase are no-ops.
	for (const operation of ['get', 'store', 'erase', 'capability']) {
		const result = await runMsid(['git-credential', 'work', operation], msid.env, {input: 'protocol=https\nhost=example.com\n\n'});
		t.is(result.code, 0, `${operation}: ${result.stderr}`);
		t.is(result.stdout, '');
	}
});
