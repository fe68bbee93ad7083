/**
 * msid exec end to end: the real program signed in against the emulator, running real
 * commands. The token reaches the child's environment, exit statuses and signals pass through.
 */
import {existsSync} from 'node:fs';
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import test from 'ava';
import {CONTOSO_TENANT_ID} from '../../source/emulator/directory.js';
import {startEmulator} from '../../source/emulator/index.js';

import {keychainPerTestFile, signIn} from '../helpers/e2e.js';
import {makeMsidEnv, runMsid, startMsid, type MsidEnv} from '../helpers/cli.js';
import {cleanupTempDirs, makeTempDir} from '../helpers/temp-dirs.js';

const keyring = keychainPerTestFile();

let emulator: Awaited<ReturnType<typeof startEmulator>> | undefined;
let msid: MsidEnv;

test.before(async () => {
	emulator = await startEmulator({interval: 1});
	msid = await makeMsidEnv({...(await keyring.ready()).env, AZURE_AUTHORITY_HOST: emulator.url});
	await signIn(msid.env, ['--name', 'work']);
});

test.after.always(async () => {
	await emulator?.close();
	await cleanupTempDirs();
});

test('the command sees exactly the token msid token prints, and the account and tenant', async t => {
	const token = await runMsid(['token'], msid.env);
	t.is(token.code, 0, token.stderr);
	const printed = await runMsid(['exec', '--', 'sh', '-c', 'printf %s "$MSID_ACCESS_TOKEN"'], msid.env);
	t.is(printed.code, 0, printed.stderr);
	t.is(printed.stdout, token.stdout.trimEnd());
	t.regex(printed.stdout, /^[\w-]+\.[\w-]+\.[\w-]+$/);

	const details = await runMsid(['exec', 'work', '--', 'sh', '-c', 'printf "%s|%s|%s" "$MSID_ACCOUNT" "$MSID_TENANT_ID" "$MSID_TOKEN_EXPIRES_ON"'], msid.env);
	t.is(details.code, 0, details.stderr);
	const [account, tenant, expiresOn] = details.stdout.split('|');
	t.is(account, 'work');
	t.is(tenant, CONTOSO_TENANT_ID);
	t.true(Number(expiresOn) > Date.now() / 1000 + 300);
});

test('--var names the variable; stale variables from an earlier msid-env do not reach the child', async t => {
	const env = {...msid.env, MSID_ACCESS_TOKEN: 'stale-from-the-shell', MSID_DIR_CONFIG: '/elsewhere/.msid.json'};
	const result = await runMsid(['exec', '--var', 'GRAPH_TOKEN', '--', 'sh', '-c', 'printf "%s|%s|%s" "$GRAPH_TOKEN" "${MSID_ACCESS_TOKEN-none}" "${MSID_DIR_CONFIG-none}"'], env);
	t.is(result.code, 0, result.stderr);
	const [token, old, dirConfig] = result.stdout.split('|');
	t.regex(token!, /^[\w-]+\.[\w-]+\.[\w-]+$/);
	t.is(old, 'none');
	t.is(dirConfig, 'none');
});

test('arguments after -- belong to the command, even ones that look like msid options', async t => {
	const result = await runMsid(['exec', '--', 'sh', '-c', 'printf "%s," "$@"', 'sh', '--scope', '--', '-h'], msid.env);
	t.is(result.code, 0, result.stderr);
	t.is(result.stdout, '--scope,--,-h,');
});

for (const [script, status] of [['exit 0', 0], ['exit 3', 3], ['exit 130', 130], ['kill -INT $$', 130], ['kill -TERM $$', 143]] as const) {
	test(`exit status passes through: ${script} -> ${status}`, async t => {
		const result = await runMsid(['exec', '--', 'sh', '-c', script], msid.env);
		t.is(result.code, status, result.stderr);
	});
}

test('SIGTERM sent to msid reaches the child, whose exit status msid returns', async t => {
	const directory = await makeTempDir('msid-exec-signal-');
	const marker = path.join(directory, 'marker');
	const script = `trap 'echo got-TERM > ${marker}; exit 7' TERM; echo ready; while :; do sleep 0.05; done`;
	const running = startMsid(['exec', '--', 'sh', '-c', script], msid.env);
	let stdout = '';
	running.child.stdout!.on('data', (chunk: Buffer) => {
		stdout += chunk.toString();
	});
	for (let tries = 0; !stdout.includes('ready'); tries++) {
		t.true(tries < 400, 'the child started');
		await delay(25);
	}

	running.child.kill('SIGTERM');
	const result = await running.done;
	t.is(result.code, 7, result.stderr);
	t.is(await readFile(marker, 'utf8'), 'got-TERM\n');
});

test('a command that cannot start: one line, and the status a shell would give', async t => {
	const missing = await runMsid(['exec', '--', 'msid-no-such-command', '--flag'], msid.env);
	t.is(missing.code, 127);
	t.is(missing.stdout, '');
	t.is(missing.stderr.trimEnd().split('\n').length, 1, missing.stderr);
	t.regex(missing.stderr, /^msid: Command not found: msid-no-such-command\b/);

	const directory = await makeTempDir('msid-exec-noexec-');
	const file = path.join(directory, 'script.sh');
	await writeFile(file, '#!/bin/sh\necho hi\n', {mode: 0o644});
	const notExecutable = await runMsid(['exec', '--', file], msid.env);
	t.is(notExecutable.code, 126);
	t.is(notExecutable.stderr.trimEnd().split('\n').length, 1, notExecutable.stderr);
	t.regex(notExecutable.stderr, /permission denied/);
});

test('bad usage is refused before any token is fetched', async t => {
	const directory = await makeTempDir('msid-exec-usage-');
	const marker = path.join(directory, 'ran');
	for (const args of [
		['exec', '--var', 'PATH', '--', 'touch', marker],
		['exec', '--var', 'LD_PRELOAD', '--', 'touch', marker],
		['exec', '--var', 'not a name', '--', 'touch', marker],
		['exec', 'touch', marker],
		['exec', '--'],
		['exec', '--scope', 'User.Read', '--resource', 'https://graph.microsoft.com', '--', 'touch', marker],
	]) {
		const result = await runMsid(args, msid.env);
		t.is(result.code, 2, `${args.join(' ')}: ${result.stderr}`);
		t.regex(result.stderr, /^msid: /);
		t.is(result.stdout, '');
	}

	t.false(existsSync(marker));
	const refused = await runMsid(['exec', '--var', 'PATH', '--', 'true'], msid.env);
	t.regex(refused.stderr, /PATH cannot hold the token/);
});
