/**
 * `msid exec --serve-identity` end to end: the real msid signed in against the emulator runs a
 * Node program that uses the real @azure/identity. Both DefaultAzureCredential and
 * ManagedIdentityCredential get tokens for two resources through the endpoint; requests
 * without the secret are refused; Terraform's IMDS request is answered in IMDS' documented
 * shape; the endpoint is gone once the child has exited; no refresh token reaches the child.
 */
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import {keychainPerTestFile, signIn} from '../helpers/e2e.js';
import {makeMsidEnv, repoRoot, runMsid, type MsidEnv} from '../helpers/cli.js';
import {tryConnect} from '../helpers/connect.js';
import {jwtClaims} from '../helpers/jwt.js';
import {snapshotState} from '../helpers/state-snapshot.js';
import {makeTempDir} from '../helpers/temp-dirs.js';
import {appServiceSample, imdsSample} from '../fixtures/managed-identity-responses.js';
import {ARM_RESOURCE, GRAPH_RESOURCE, startEmulator} from '../../source/emulator/index.js';

const keyring = keychainPerTestFile();
const child = path.join(repoRoot, 'test', 'e2e', 'fixtures', 'azure-identity-child.mjs');

let emulator: Awaited<ReturnType<typeof startEmulator>> | undefined;
let msid: MsidEnv;

interface HttpAnswer {
	status: number;
	body: string;
}

interface Report {
	env: Record<string, string>;
	tokens: Record<string, Array<{scope: string; token: string; expiresOnTimestamp: number}>>;
	withoutSecret: Record<string, HttpAnswer>;
	appService: HttpAnswer;
	terraform: HttpAnswer;
}

let report: Report;
let exit: Awaited<ReturnType<typeof runMsid>>;

test.before(async () => {
	emulator = await startEmulator({interval: 1});
	msid = await makeMsidEnv({...(await keyring.ready()).env, AZURE_AUTHORITY_HOST: emulator.url});
	await signIn(msid.env, ['--name', 'work']);
	const file = path.join(await makeTempDir('msid-serve-identity-'), 'report.json');
	// A competing managed-identity source in msid's own environment must not reach the child.
	exit = await runMsid(['exec', 'work', '--serve-identity', '--', process.execPath, child, file], {...msid.env, MSI_ENDPOINT: 'http://127.0.0.1:9/elsewhere'});
	report = exit.code === 0 ? JSON.parse(await readFile(file, 'utf8')) as Report : ({} as Report);
});

test.after.always(async () => {
	await emulator?.close();
});

/** Entra's v1 audience for `{resource}/.default`: the resource without a trailing slash. */
const armAudience = ARM_RESOURCE.replace(/\/$/, '');

test('DefaultAzureCredential and ManagedIdentityCredential each get tokens for two resources', async t => {
	t.is(exit.code, 0, exit.stderr);
	for (const name of ['DefaultAzureCredential', 'ManagedIdentityCredential']) {
		const tokens = report.tokens[name]!;
		t.is(tokens.length, 2, name);
		const [arm, graph] = tokens.map(entry => jwtClaims(entry.token));
		t.is(arm!['aud'], armAudience, name);
		t.is(graph!['aud'], GRAPH_RESOURCE, name);
		t.is(arm!['iss'], graph!['iss']);
		t.true(String(arm!['iss']).startsWith(emulator!.url), `${name}: issued by the emulator`);
		t.is(arm!['upn'] ?? arm!['preferred_username'], graph!['upn'] ?? graph!['preferred_username']);
		for (const entry of tokens) {
			t.true(entry.expiresOnTimestamp > Date.now() + 300_000, `${name} ${entry.scope}: expiry from expires_on`);
		}
	}

	// The same tokens msid hands out for these resources: through the token service and its cache.
	const arm = await runMsid(['token', 'work', '--resource', ARM_RESOURCE], msid.env);
	t.is(arm.stdout.trimEnd(), report.tokens['ManagedIdentityCredential']![0]!.token);
});

test('requests without the secret get 401 and no token', t => {
	t.is(exit.code, 0, exit.stderr);
	for (const [name, answer] of Object.entries(report.withoutSecret)) {
		t.is(answer.status, 401, name);
		t.false(answer.body.includes('access_token'), name);
	}

	t.deepEqual(Object.keys(report.withoutSecret).sort(), ['appService', 'imds', 'wrongSecret']);
});

test('the App Service answer has the documented shape', t => {
	t.is(report.appService.status, 200, report.appService.body);
	const body = JSON.parse(report.appService.body) as Record<string, unknown>;
	t.deepEqual(Object.keys(body).sort(), Object.keys(appServiceSample).sort());
	t.true(Object.values(body).every(value => typeof value === 'string'));
	t.is(body['resource'], 'https://management.azure.com');
	t.is(body['token_type'], 'Bearer');
	t.regex(body['expires_on'] as string, /^\d{10}$/);
	t.is(jwtClaims(body['access_token'] as string)['aud'], armAudience);
});

test('Terraform\'s request to msi_endpoint is answered in the IMDS shape', t => {
	t.is(report.terraform.status, 200, report.terraform.body);
	const body = JSON.parse(report.terraform.body) as Record<string, string>;
	t.deepEqual(Object.keys(body).sort(), Object.keys(imdsSample).sort());
	t.true(Object.values(body).every(value => typeof value === 'string'));
	t.is(body['resource'], 'https://management.azure.com/');
	t.is(body['refresh_token'], '');
	const expiresIn = Number(body['expires_in']);
	// Entra's user tokens live 60 to 90 minutes.
	t.true(expiresIn > 300 && expiresIn <= 5400, body['expires_in']);
	t.true(Math.abs(Number(body['expires_on']) - (Date.now() / 1000 + expiresIn)) < 60);
	t.true(Number(body['not_before']) <= Date.now() / 1000 + 1);
	// Terraform asks for the resource with its trailing slash, and the token's aud is exactly that identifier.
	t.is(jwtClaims(body['access_token']!)['aud'], 'https://management.azure.com/');
	t.is(report.env['ARM_USE_MSI'], 'true');
});

test('after the child exits the port refuses connections', async t => {
	const endpoint = new URL(report.env['IDENTITY_ENDPOINT']!);
	t.is(endpoint.hostname, '127.0.0.1');
	t.is(await tryConnect(Number(endpoint.port)), 'ECONNREFUSED');
});

test('the child\'s environment holds no refresh token and no competing identity source', async t => {
	const snapshot = await snapshotState(msid);
	const refreshTokens = Object.entries(snapshot.secrets).filter(([key]) => key.endsWith('/refresh-token')).map(([, value]) => value!);
	t.is(refreshTokens.length, 1);
	const environment = JSON.stringify(report.env);
	for (const refreshToken of refreshTokens) {
		t.true(refreshToken.length > 16);
		t.false(environment.includes(refreshToken.slice(0, 16)));
		t.false(environment.includes(refreshToken.slice(-16)));
	}

	t.is(report.env['MSI_ENDPOINT'], undefined);
	t.truthy(report.env['IDENTITY_HEADER']);
	t.true(report.env['ARM_MSI_ENDPOINT']!.startsWith(`http://127.0.0.1:${new URL(report.env['IDENTITY_ENDPOINT']!).port}/`));
});
