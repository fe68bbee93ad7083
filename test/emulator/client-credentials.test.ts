import {constants, createHash, createPrivateKey, generateKeyPairSync, randomUUID, sign, X509Certificate, type KeyObject} from 'node:crypto';
import test from 'ava';
import {
	CERTIFICATE_CLIENT_ID,
	CONTOSO_TENANT_ID,
	GRAPH_CLI_CLIENT_ID,
	SECRET_CLIENT_ID,
	SECRET_CLIENT_SECRET,
	startEmulator,
	type Emulator,
} from '../../source/emulator/index.js';
import {aadstsCode, decodeClaims, postForm} from './fixtures.js';

let emulator: Emulator;
let certificateKey: KeyObject;
let certificateDer: Buffer;
test.before(async () => {
	emulator = await startEmulator();
	const [registered] = emulator.directory.clients.find(client => client.clientId === CERTIFICATE_CLIENT_ID)!.certificates;
	certificateKey = createPrivateKey(registered!.privateKeyPem!);
	certificateDer = new X509Certificate(registered!.certificatePem).raw;
});
test.after.always(async () => emulator.close());

const tokenEndpoint = (tenant = CONTOSO_TENANT_ID) => `${emulator.url}/${tenant}/oauth2/v2.0/token`;

function assertion(options: {alg?: 'RS256' | 'PS256'; header?: Record<string, unknown>; claims?: Record<string, unknown>; key?: KeyObject} = {}): string {
	const alg = options.alg ?? 'PS256';
	const now = Math.floor(Date.now() / 1000);
	const header = {alg, typ: 'JWT', 'x5t#S256': createHash('sha256').update(certificateDer).digest('base64url'), ...options.header};
	const claims = {aud: tokenEndpoint(), iss: CERTIFICATE_CLIENT_ID, sub: CERTIFICATE_CLIENT_ID, jti: randomUUID(), nbf: now, exp: now + 300, ...options.claims};
	const input = `${Buffer.from(JSON.stringify(header)).toString('base64url')}.${Buffer.from(JSON.stringify(claims)).toString('base64url')}`;
	const key = options.key ?? certificateKey;
	const signature = alg === 'PS256' ? sign('sha256', Buffer.from(input), {key, padding: constants.RSA_PKCS1_PSS_PADDING, saltLength: 32}) : sign('sha256', Buffer.from(input), key);
	return `${input}.${signature.toString('base64url')}`;
}

async function withAssertion(clientAssertion: string, scope = 'https://graph.microsoft.com/.default') {
	return postForm(tokenEndpoint(), {
		grant_type: 'client_credentials',
		client_id: CERTIFICATE_CLIENT_ID,
		client_assertion_type: 'urn:ietf:params:oauth:client-assertion-type:jwt-bearer',
		client_assertion: clientAssertion,
		scope,
	});
}

test('a client secret gets an app-only token with roles and no refresh token', async t => {
	const {status, body} = await postForm(tokenEndpoint(), {grant_type: 'client_credentials', client_id: SECRET_CLIENT_ID, client_secret: SECRET_CLIENT_SECRET, scope: 'https://graph.microsoft.com/.default'});
	t.is(status, 200);
	t.is(body['refresh_token'], undefined);
	t.is(body['id_token'], undefined);
	t.is(body['scope'], 'https://graph.microsoft.com/.default');
	const claims = decodeClaims(body['access_token'] as string);
	t.is(claims['aud'], 'https://graph.microsoft.com');
	t.is(claims['tid'], CONTOSO_TENANT_ID);
	t.is(claims['idtyp'], 'app');
	t.deepEqual(claims['roles'], ['User.Read.All']);
	t.is(claims['scp'], undefined);
	t.is(claims['oid'], emulator.directory.clients.find(client => client.clientId === SECRET_CLIENT_ID)!.servicePrincipalId);
	t.is(claims['appidacr'], '1');
});

test('the secret may come in an HTTP Basic header', async t => {
	const response = await fetch(tokenEndpoint('contoso.onmicrosoft.com'), {
		method: 'POST',
		headers: {authorization: `Basic ${Buffer.from(`${SECRET_CLIENT_ID}:${encodeURIComponent(SECRET_CLIENT_SECRET)}`).toString('base64')}`},
		body: new URLSearchParams({grant_type: 'client_credentials', scope: 'api://msid-demo/.default'}),
	});
	t.is(response.status, 200);
	t.deepEqual(decodeClaims(((await response.json()) as {access_token: string}).access_token)['roles'], ['Things.Read.All']);
});

test('a wrong secret is AADSTS7000215', async t => {
	const {status, body} = await postForm(tokenEndpoint(), {grant_type: 'client_credentials', client_id: SECRET_CLIENT_ID, client_secret: 'wrong', scope: 'https://graph.microsoft.com/.default'});
	t.is(status, 401);
	t.is(body['error'], 'invalid_client');
	t.is(aadstsCode(body), 7_000_215);
});

const sha1Thumbprint = () => createHash('sha1').update(certificateDer).digest('base64url');

test('a certificate assertion with a header Microsoft\'s libraries send (PS256 with x5t#S256, RS256 with x5t) gets a token', async t => {
	const ps = await withAssertion(assertion());
	t.is(ps.status, 200);
	t.is(decodeClaims(ps.body['access_token'] as string)['appidacr'], '2');
	const rs = await withAssertion(assertion({alg: 'RS256', header: {'x5t#S256': undefined, x5t: sha1Thumbprint()}}));
	t.is(rs.status, 200);
});

test('an alg/thumbprint pair no Microsoft library sends is refused: RS256 with x5t#S256, PS256 with x5t alone', async t => {
	for (const make of [() => assertion({alg: 'RS256'}), () => assertion({alg: 'RS256', header: {x5t: sha1Thumbprint()}}), () => assertion({header: {'x5t#S256': undefined, x5t: sha1Thumbprint()}})]) {
		const {status, body} = await withAssertion(make());
		t.is(status, 401);
		t.is(aadstsCode(body), 700_027);
		t.regex(String(body['error_description']), /PS256 with 'x5t#S256', or RS256 with 'x5t'/);
	}
});

for (const [name, make, code] of [
	['an expired assertion', () => assertion({claims: {exp: Math.floor(Date.now() / 1000) - 60}}), 700_024],
	['a wrong audience', () => assertion({claims: {aud: `${emulator.url}/common/oauth2/v2.0/token`}}), 700_027],
	['iss not the client id', () => assertion({claims: {iss: 'someone-else'}}), 700_027],
	['no jti', () => assertion({claims: {jti: undefined}}), 700_027],
	['an unregistered certificate', () => assertion({header: {'x5t#S256': 'bm90LWEtcmVnaXN0ZXJlZC10aHVtYnByaW50'}}), 700_027],
	['another key with the registered thumbprint', () => assertion({key: generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey}), 700_027],
	['an HMAC algorithm', () => assertion({header: {alg: 'HS256'}}), 700_027],
] as const) {
	test(`${name} is refused with AADSTS${code}`, async t => {
		const {status, body} = await withAssertion(make());
		t.is(status, 401);
		t.is(body['error'], 'invalid_client');
		t.is(aadstsCode(body), code);
	});
}

test('the scope must be {resource}/.default', async t => {
	const {body} = await postForm(tokenEndpoint(), {grant_type: 'client_credentials', client_id: SECRET_CLIENT_ID, client_secret: SECRET_CLIENT_SECRET, scope: 'User.Read'});
	t.is(body['error'], 'invalid_scope');
	t.is(aadstsCode(body), 1_002_012);
});

test('client credentials need a tenant, not organizations', async t => {
	const {body} = await postForm(tokenEndpoint('organizations'), {grant_type: 'client_credentials', client_id: SECRET_CLIENT_ID, client_secret: SECRET_CLIENT_SECRET, scope: 'https://graph.microsoft.com/.default'});
	t.is(aadstsCode(body), 50_059);
});

test('a public client has no credential to offer', async t => {
	const none = await postForm(tokenEndpoint(), {grant_type: 'client_credentials', client_id: GRAPH_CLI_CLIENT_ID, scope: 'https://graph.microsoft.com/.default'});
	t.is(aadstsCode(none.body), 7_000_218);
	const secret = await postForm(tokenEndpoint(), {grant_type: 'client_credentials', client_id: GRAPH_CLI_CLIENT_ID, client_secret: 'x', scope: 'https://graph.microsoft.com/.default'});
	t.is(aadstsCode(secret.body), 700_025);
});
