import {execFile} from 'node:child_process';
import {createServer} from 'node:https';
import type {AddressInfo} from 'node:net';
import {mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {promisify} from 'node:util';
import test from 'ava';
import {execCredentialVersion, formatToken, type FormattableToken} from '../../source/commands/token-formats.js';
import {findTool, missingToolMessage} from '../shell/tools.js';
import {testNeeding} from '../helpers/tool-gate.js';

const run = promisify(execFile);

// Local time matters for `az`: pin a zone with a half-hour offset and no daylight saving.
process.env['TZ'] = 'Asia/Kolkata';

const token: FormattableToken = {
	accessToken: 'eyJ0eXAiOiJKV1QifQ.eyJzdWIiOiJtZSJ9.sig',
	tokenType: 'Bearer',
	expiresAt: Date.UTC(2030, 0, 2, 3, 4, 5, 678),
	scopes: ['User.Read'],
	grantedScopes: ['User.Read', 'profile', 'openid'],
	accountName: 'me@contoso.onmicrosoft.com',
	tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
};

test('raw: the token and a newline', t => {
	t.is(formatToken('raw', token), `${token.accessToken}\n`);
});

test('json: the fields of docs/cli.md', t => {
	t.deepEqual(JSON.parse(formatToken('json', token)), {
		accessToken: token.accessToken,
		tokenType: 'Bearer',
		expiresOn: '2030-01-02T03:04:05.678Z',
		expiresOnEpoch: 1_893_553_445,
		scopes: ['User.Read', 'profile', 'openid'],
		account: 'me@contoso.onmicrosoft.com',
		tenantId: '72f988bf-86f1-41af-91ab-2d7cd011db47',
	});
	const unknownTenant = JSON.parse(formatToken('json', {...token, tenantId: undefined, grantedScopes: []})) as Record<string, unknown>;
	t.is(unknownTenant['tenantId'], null);
	t.deepEqual(unknownTenant['scopes'], ['User.Read']);
});

test('az: the shape, key order and types of az account get-access-token', t => {
	const text = formatToken('az', token, {subscription: '00000000-0000-0000-0000-000000000001'});
	t.is(
		text,
		[
			'{',
			`  "accessToken": "${token.accessToken}",`,
			'  "expiresOn": "2030-01-02 08:34:05.000000",',
			'  "expires_on": 1893553445,',
			'  "subscription": "00000000-0000-0000-0000-000000000001",',
			'  "tenant": "72f988bf-86f1-41af-91ab-2d7cd011db47",',
			'  "tokenType": "Bearer"',
			'}',
			'',
		].join('\n'),
	);
	const parsed = JSON.parse(text) as Record<string, unknown>;
	t.is(typeof parsed['expires_on'], 'number');
	t.regex(parsed['expiresOn'] as string, /^\d{4}-\d{2}-\d{2} \d{2}:\d{2}:\d{2}\.\d{6}$/);
	t.deepEqual(Object.keys(JSON.parse(formatToken('az', token)) as object), ['accessToken', 'expiresOn', 'expires_on', 'tenant', 'tokenType'], 'no subscription: left out, as az does');
});

test('k8s: an ExecCredential with an RFC 3339 UTC expiry in whole seconds', t => {
	t.deepEqual(JSON.parse(formatToken('k8s', token)), {
		apiVersion: 'client.authentication.k8s.io/v1',
		kind: 'ExecCredential',
		status: {token: token.accessToken, expirationTimestamp: '2030-01-02T03:04:05Z'},
	});
});

const kubectl = findTool('kubectl');
const openssl = findTool('openssl');
// kubectl sends bearer tokens only over TLS, hence openssl for the fake API server's certificate.
testNeeding(kubectl ? (openssl ? undefined : missingToolMessage('openssl', 'openssl')) : missingToolMessage('kubectl', 'kubernetes-client'))('k8s: real kubectl sends the token from the credential as a bearer token', async t => {

	const directory = await mkdtemp(join(tmpdir(), 'msid-kubectl-'));
	// kubectl sends credentials only over TLS, so the fake API server gets a throwaway certificate.
	await run(openssl!, ['req', '-x509', '-newkey', 'ec', '-pkeyopt', 'ec_paramgen_curve:P-256', '-nodes', '-days', '1', '-subj', '/CN=127.0.0.1',
		'-addext', 'subjectAltName=IP:127.0.0.1', '-keyout', join(directory, 'key.pem'), '-out', join(directory, 'cert.pem')]);
	const certificate = await readFile(join(directory, 'cert.pem'));
	const seen: string[] = [];
	const server = createServer({key: await readFile(join(directory, 'key.pem')), cert: certificate}, (request, response) => {
		seen.push(request.headers.authorization ?? '');
		response.writeHead(200, {'content-type': 'application/json'});
		response.end('{"kind":"APIVersions","versions":["v1"],"serverAddressByClientCIDRs":[]}');
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	try {
		const fresh = {...token, expiresAt: Date.now() + 3_600_000};
		const plugin = join(directory, 'plugin.mjs');
		await writeFile(plugin, `process.stdout.write(${JSON.stringify(formatToken('k8s', fresh))});\n`);
		const {port} = server.address() as AddressInfo;
		const kubeconfig = join(directory, 'kubeconfig');
		await writeFile(
			kubeconfig,
			JSON.stringify({
				apiVersion: 'v1',
				kind: 'Config',
				clusters: [{name: 'local', cluster: {server: `https://127.0.0.1:${port}`, 'certificate-authority-data': certificate.toString('base64')}}],
				users: [{name: 'msid', user: {exec: {apiVersion: 'client.authentication.k8s.io/v1', command: process.execPath, args: [plugin], interactiveMode: 'Never'}}}],
				contexts: [{name: 'local', context: {cluster: 'local', user: 'msid'}}],
				'current-context': 'local',
			}),
		);
		const {stdout} = await run(kubectl!, ['--kubeconfig', kubeconfig, 'get', '--raw', '/api'], {env: {PATH: process.env['PATH'], HOME: directory}});
		t.regex(stdout, /APIVersions/);
		t.true(seen.length > 0);
		t.deepEqual([...new Set(seen)], [`Bearer ${token.accessToken}`]);
	} finally {
		server.close();
		await rm(directory, {recursive: true, force: true});
	}
});

test('k8s: the ExecCredential version is the one kubectl asks for in KUBERNETES_EXEC_INFO, else v1', t => {
	const info = (apiVersion: string) => ({KUBERNETES_EXEC_INFO: JSON.stringify({kind: 'ExecCredential', apiVersion, spec: {interactive: false}})});
	t.is(execCredentialVersion(info('client.authentication.k8s.io/v1beta1')), 'client.authentication.k8s.io/v1beta1');
	t.is(execCredentialVersion(info('client.authentication.k8s.io/v1')), 'client.authentication.k8s.io/v1');
	for (const env of [{}, info('client.authentication.k8s.io/v1alpha1'), {KUBERNETES_EXEC_INFO: 'not json'}, {KUBERNETES_EXEC_INFO: '[]'}]) {
		t.is(execCredentialVersion(env), 'client.authentication.k8s.io/v1');
	}

	const credential = JSON.parse(formatToken('k8s', token, {k8sApiVersion: 'client.authentication.k8s.io/v1beta1'})) as {apiVersion: string};
	t.is(credential.apiVersion, 'client.authentication.k8s.io/v1beta1');
});
