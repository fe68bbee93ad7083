/**
 * Application and password sign-ins through the real CLI, against the emulator and
 * oidc-provider: client secret (from stdin, never argv), certificate, environment
 * variables, password, and Auth0's audience.
 */
import {writeFile} from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import {
	ALICE,
	CERTIFICATE_CLIENT_ID,
	CONTOSO_TENANT_ID,
	SECRET_CLIENT_ID,
	SECRET_CLIENT_SECRET,
	startEmulator,
	type Emulator,
} from '../../source/emulator/index.js';
import {createSelfSignedCertificate} from '../../source/emulator/x509.js';
import {keychainPerTestFile} from '../helpers/e2e.js';
import {makeMsidEnv, runMsid, startMsid} from '../helpers/cli.js';
import {jwtClaims} from '../helpers/jwt.js';
import {startOidcProvider, type OidcServer} from '../helpers/oidc-server.js';
import {snapshotState} from '../helpers/state-snapshot.js';
import {cleanupTempDirs} from '../helpers/temp-dirs.js';
import {filesHoldingSecrets} from '../helpers/secret-scan.js';

const keyring = keychainPerTestFile();

let emulator: Emulator | undefined;
let oidc: OidcServer | undefined;

test.before(async () => {
	emulator = await startEmulator({interval: 1});
	oidc = await startOidcProvider({pollInterval: 1});
});

test.after.always(async () => {
	await emulator?.close();
	await oidc?.close();
	await cleanupTempDirs();
});

async function entraEnv(extra: object = {}) {
	return makeMsidEnv({...keyring().env, AZURE_AUTHORITY_HOST: emulator!.url, ...extra});
}

test('client secret from stdin against the emulator: an application token, refreshed with the stored secret', async t => {
	const msid = await entraEnv();
	const login = await runMsid(['login', '--flow', 'client-secret', '--tenant', 'contoso.onmicrosoft.com', '--client-id', SECRET_CLIENT_ID], msid.env, {input: `${SECRET_CLIENT_SECRET}\n`});
	t.is(login.code, 0, login.stderr);
	t.regex(login.stderr, new RegExp(`Signed in as ${SECRET_CLIENT_ID}@${CONTOSO_TENANT_ID}`));
	t.false(login.stderr.includes(SECRET_CLIENT_SECRET));

	const cached = await runMsid(['token'], msid.env);
	t.is(cached.code, 0, cached.stderr);
	const token = await runMsid(['token', '--force'], msid.env);
	t.is(token.code, 0, token.stderr);
	const claims = jwtClaims(token.stdout.trim());
	// A new token (its own uti), so the stored secret was sent again.
	t.not(claims['uti'], jwtClaims(cached.stdout.trim())['uti']);
	t.is(claims['aud'], 'https://graph.microsoft.com');
	t.is(claims['tid'], CONTOSO_TENANT_ID);
	t.truthy(claims['roles']);
	t.is(claims['scp'], undefined);
	t.deepEqual(await filesHoldingSecrets(msid.home, [SECRET_CLIENT_SECRET]), [], 'the client secret stays in the keychain');
});

test('a wrong client secret is refused with what to check, and nothing is stored', async t => {
	const msid = await entraEnv();
	const before = await snapshotState(msid);
	const login = await runMsid(['login', '--flow', 'client-secret', '--tenant', CONTOSO_TENANT_ID, '--client-id', SECRET_CLIENT_ID], msid.env, {input: 'not-the-secret'});
	t.is(login.code, 1);
	t.regex(login.stderr, /AADSTS7000215.*client secret is wrong or expired/);
	t.false(login.stderr.includes('not-the-secret'));
	t.deepEqual(await snapshotState(msid), before);
});

test('client credentials need RESOURCE/.default at Entra, explained before any request', async t => {
	const msid = await entraEnv();
	const login = await runMsid(['login', '--flow', 'client-secret', '--tenant', CONTOSO_TENANT_ID, '--client-id', SECRET_CLIENT_ID, '--scope', 'User.Read'], msid.env, {input: SECRET_CLIENT_SECRET});
	t.is(login.code, 2);
	t.regex(login.stderr, /\.default/);
});

test('client secret against oidc-provider with an Auth0-style audience', async t => {
	const msid = await makeMsidEnv(keyring().env);
	const login = await runMsid(
		['login', '--provider', 'auth0', '--issuer', oidc!.issuer, '--flow', 'client-secret', '--client-id', oidc!.clients.confidential.clientId, '--audience', oidc!.audience, '--scope', 'read:things'],
		msid.env,
		{input: oidc!.clients.confidential.clientSecret},
	);
	t.is(login.code, 0, login.stderr);
	const token = await runMsid(['token'], msid.env);
	t.is(token.code, 0, token.stderr);
	t.is(jwtClaims(token.stdout.trim())['aud'], oidc!.audience);
});

test('certificate: a client assertion signed with the registered key; a wrong key is refused by the server', async t => {
	const msid = await entraEnv();
	const pem = path.join(msid.home, 'app.pem');
	const registered = emulator!.directory.certificate;
	if (!registered) {
		throw new Error('the demo directory registers a certificate client');
	}

	await writeFile(pem, registered.privateKeyPem + registered.certificatePem, {mode: 0o600});
	const login = await runMsid(['login', '--flow', 'certificate', '--certificate', pem, '--tenant', CONTOSO_TENANT_ID, '--client-id', CERTIFICATE_CLIENT_ID], msid.env);
	t.is(login.code, 0, login.stderr);
	const token = await runMsid(['token', '--force'], msid.env);
	t.is(token.code, 0, token.stderr);
	t.is(jwtClaims(token.stdout.trim())['tid'], CONTOSO_TENANT_ID);

	const other = createSelfSignedCertificate('not-registered');
	const wrong = path.join(msid.home, 'wrong.pem');
	await writeFile(wrong, other.privateKeyPem + other.certificatePem, {mode: 0o600});
	const refused = await runMsid(['login', '--flow', 'certificate', '--certificate', wrong, '--tenant', CONTOSO_TENANT_ID, '--client-id', CERTIFICATE_CLIENT_ID], msid.env);
	t.is(refused.code, 1);
	t.regex(refused.stderr, /certificate/i);
	t.notRegex(refused.stderr, /PRIVATE KEY/);
});

test('environment credentials (AZURE_*) sign in an application and are re-read for every new token', async t => {
	const variables = {AZURE_TENANT_ID: CONTOSO_TENANT_ID, AZURE_CLIENT_ID: SECRET_CLIENT_ID, AZURE_CLIENT_SECRET: SECRET_CLIENT_SECRET};
	const msid = await entraEnv(variables);
	const login = await runMsid(['login', '--flow', 'environment'], msid.env);
	t.is(login.code, 0, login.stderr);
	const token = await runMsid(['token', '--force'], msid.env);
	t.is(token.code, 0, token.stderr);
	t.truthy(jwtClaims(token.stdout.trim())['roles']);
	t.deepEqual(Object.keys((await snapshotState(msid)).secrets).filter(key => key.endsWith('client-secret')), [], 'the secret stays in the environment');
});

test('password flow warns that it is deprecated, then works like any user sign-in', async t => {
	const msid = await entraEnv();
	const login = await runMsid(['login', '--flow', 'password', '--tenant', CONTOSO_TENANT_ID, '--username', ALICE.username], msid.env, {input: `${ALICE.password}\n`});
	t.is(login.code, 0, login.stderr);
	t.regex(login.stderr, /deprecated/i);
	t.regex(login.stderr, /MFA|multi-factor/i);
	const token = await runMsid(['token'], msid.env);
	t.is(jwtClaims(token.stdout.trim())['upn'] ?? jwtClaims(token.stdout.trim())['preferred_username'], ALICE.username);

	const wrong = await runMsid(['login', '--flow', 'password', '--tenant', CONTOSO_TENANT_ID, '--username', ALICE.username], msid.env, {input: 'wrong'});
	t.is(wrong.code, 1);
	t.regex(wrong.stderr, /AADSTS50126/);
});

test('Auth0 device code: the audience is sent and comes back as the access token\'s aud', async t => {
	const msid = await makeMsidEnv(keyring().env);
	const login = startMsid(['login', '--provider', 'auth0', '--issuer', oidc!.issuer, '--client-id', oidc!.clients.device.clientId, '--audience', oidc!.audience, '--scope', 'openid offline_access read:things'], msid.env);
	const [, uri, userCode] = (await login.waitForStderr(/open (?:the page )?(\S+?)\.? and enter the code (\S+?)[ .]/)) as unknown as string[];
	await oidc!.approveDevice({verificationUri: uri!, userCode: userCode!});
	t.is((await login.done).code, 0);
	const token = await runMsid(['token'], msid.env);
	t.is(token.code, 0, token.stderr);
	t.is(jwtClaims(token.stdout.trim())['aud'], oidc!.audience);
});

test('login --help says secrets come from a prompt or stdin, never arguments', async t => {
	const msid = await entraEnv();
	const help = await runMsid(['login', '--help'], msid.env);
	t.is(help.code, 0);
	t.regex(help.stdout, /hidden prompt or standard input/);
	t.is(help.stderr, '');
});
