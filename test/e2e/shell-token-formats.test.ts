/**
 * Token formats for other tools, with the real msid signed in against the emulator: kubectl
 * runs `msid token --format k8s` as its exec credential plugin and sends the token, and
 * `--format az` has the field names and formats of `az account get-access-token`.
 */
import {keychainPerTestFile, signIn} from '../helpers/e2e.js';
import {execFile} from 'node:child_process';
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import {promisify} from 'node:util';
import test from 'ava';
import {jwtClaims} from '../helpers/jwt.js';
import {CONTOSO_TENANT_ID} from '../../source/emulator/directory.js';
import {startEmulator} from '../../source/emulator/index.js';

import {cliPath, makeMsidEnv, runMsid, type MsidEnv} from '../helpers/cli.js';
import {cleanupTempDirs, makeTempDir} from '../helpers/temp-dirs.js';
import {findTool, missingToolMessage} from '../shell/tools.js';
import {testNeeding} from '../helpers/tool-gate.js';
import {startFakeKubeApi} from '../helpers/fake-kube-api.js';

const keyring = keychainPerTestFile();

const run = promisify(execFile);

let emulator: Awaited<ReturnType<typeof startEmulator>> | undefined;
let msid: MsidEnv;

test.before(async () => {
	emulator = await startEmulator({interval: 1});
	// A zone with a half-hour offset: az prints local time.
	msid = await makeMsidEnv({...(await keyring.ready()).env, AZURE_AUTHORITY_HOST: emulator.url, TZ: 'Asia/Kolkata'});
	await signIn(msid.env);
});

test.after.always(async () => {
	await emulator?.close();
	await cleanupTempDirs();
});

const kubectl = findTool('kubectl');
const openssl = findTool('openssl');
testNeeding(kubectl ? (openssl ? undefined : missingToolMessage('openssl', 'openssl')) : missingToolMessage('kubectl', 'kubernetes-client'))('k8s: kubectl runs msid token --format k8s as its exec plugin and sends the token', async t => {

	const directory = await makeTempDir('msid-kubectl-e2e-');
	const api = await startFakeKubeApi(openssl!);
	t.teardown(async () => api.close());

	const kubeconfig = path.join(directory, 'kubeconfig');
	await writeFile(kubeconfig, JSON.stringify({
		apiVersion: 'v1',
		kind: 'Config',
		clusters: [{name: 'local', cluster: {server: api.url, 'certificate-authority-data': api.certificate.toString('base64')}}],
		users: [{name: 'msid', user: {exec: {apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [cliPath, 'token', '--format', 'k8s'], interactiveMode: 'Never'}}}],
		contexts: [{name: 'local', context: {cluster: 'local', user: 'msid'}}],
		'current-context': 'local',
	}));
	// kubectl hands its environment (msid's config dir, keychain) to the plugin.
	const {stdout} = await run(kubectl!, ['--kubeconfig', kubeconfig, 'get', '--raw', '/api'], {env: {...msid.env, HOME: directory}});
	t.regex(stdout, /APIVersions/);

	const token = await runMsid(['token'], msid.env);
	t.true(api.seen.length > 0);
	t.deepEqual([...new Set(api.seen)], [`Bearer ${token.stdout.trimEnd()}`]);
});

test('k8s: the credential is a client.authentication.k8s.io/v1 ExecCredential', async t => {
	const result = await runMsid(['token', '--format', 'k8s'], msid.env);
	t.is(result.code, 0, result.stderr);
	const credential = JSON.parse(result.stdout) as {apiVersion: string; kind: string; status: {token: string; expirationTimestamp: string}};
	t.deepEqual(Object.keys(credential), ['apiVersion', 'kind', 'status']);
	t.is(credential.apiVersion, 'client.authentication.k8s.io/v1');
	t.is(credential.kind, 'ExecCredential');
	t.deepEqual(Object.keys(credential.status), ['token', 'expirationTimestamp']);
	t.regex(credential.status.expirationTimestamp, /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}Z$/);
	t.true(Date.parse(credential.status.expirationTimestamp) > Date.now() + 300_000);
});

test('az: the fields and formats of az account get-access-token', async t => {
	const raw = await runMsid(['token'], msid.env);
	const result = await runMsid(['token', '--format', 'az'], msid.env);
	t.is(result.code, 0, result.stderr);
	const az = JSON.parse(result.stdout) as Record<string, unknown>;
	t.deepEqual(Object.keys(az), ['accessToken', 'expiresOn', 'expires_on', 'tenant', 'tokenType']);
	// Like az, a token for the classic management resource, its trailing slash kept in `aud`.
	t.not(az['accessToken'], raw.stdout.trimEnd());
	t.is(jwtClaims(az['accessToken'] as string)['aud'], 'https://management.core.windows.net/');
	t.is(az['tokenType'], 'Bearer');
	t.is(az['tenant'], CONTOSO_TENANT_ID);
	t.true(Number.isInteger(az['expires_on']));
	const seconds = az['expires_on'] as number;
	t.true(seconds > Date.now() / 1000 + 300);
	// expiresOn is the same instant in local time (here UTC+05:30), microseconds from whole seconds.
	const local = new Date((seconds + 5.5 * 3600) * 1000).toISOString().replace('T', ' ').replace(/\.\d{3}Z$/, '.000000');
	t.is(az['expiresOn'], local);
});
