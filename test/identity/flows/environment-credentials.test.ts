/**
 * AZURE_* environment credentials: precedence and messages, and one sign-in end to end.
 */
import test from 'ava';
import {CONTOSO_TENANT_ID, SECRET_CLIENT_ID, SECRET_CLIENT_SECRET, startEmulator} from '../../../source/emulator/index.js';
import {UsageError} from '../../../source/model/errors.js';
import {clientCredentialsTokens} from '../../../source/identity/client-credentials.js';
import {environmentClientAuth, readEnvironmentCredential} from '../../../source/identity/environment-credentials.js';
import {systemClock} from '../../../source/system/clock.js';
import {entraSession} from './sessions.js';

const app = {AZURE_TENANT_ID: CONTOSO_TENANT_ID, AZURE_CLIENT_ID: 'app-id'};

test('a secret wins over a certificate and a password', t => {
	const credential = readEnvironmentCredential({...app, AZURE_CLIENT_SECRET: 's3cret', AZURE_CLIENT_CERTIFICATE_PATH: '/x.pem', AZURE_USERNAME: 'u', AZURE_PASSWORD: 'p'});
	t.deepEqual(credential, {kind: 'secret', tenantId: CONTOSO_TENANT_ID, clientId: 'app-id', clientSecret: 's3cret'});
});

test('a certificate (with its password) wins over a password', t => {
	t.deepEqual(readEnvironmentCredential({...app, AZURE_CLIENT_CERTIFICATE_PATH: '/x.pem', AZURE_CLIENT_CERTIFICATE_PASSWORD: 'pw', AZURE_USERNAME: 'u', AZURE_PASSWORD: 'p'}), {
		kind: 'certificate',
		tenantId: CONTOSO_TENANT_ID,
		clientId: 'app-id',
		certificatePath: '/x.pem',
		certificatePassword: 'pw',
	});
	t.deepEqual(readEnvironmentCredential({...app, AZURE_CLIENT_CERTIFICATE_PATH: '/x.pem'}), {kind: 'certificate', tenantId: CONTOSO_TENANT_ID, clientId: 'app-id', certificatePath: '/x.pem'});
});

test('username and password last; a multi-tenant authority is fine for a user', t => {
	t.deepEqual(readEnvironmentCredential({AZURE_TENANT_ID: 'Organizations', AZURE_CLIENT_ID: 'app-id', AZURE_USERNAME: 'alice@contoso.onmicrosoft.com', AZURE_PASSWORD: 'pw'}), {
		kind: 'password',
		tenantId: 'organizations',
		clientId: 'app-id',
		username: 'alice@contoso.onmicrosoft.com',
		password: 'pw',
	});
});

test('missing variables are named exactly; values never appear', t => {
	const cases: Array<[NodeJS.ProcessEnv, RegExp]> = [
		[{}, /AZURE_TENANT_ID and AZURE_CLIENT_ID are not set/],
		[{AZURE_TENANT_ID: CONTOSO_TENANT_ID, AZURE_CLIENT_SECRET: 'top-secret'}, /: AZURE_CLIENT_ID is not set/],
		[{AZURE_CLIENT_ID: 'app-id', AZURE_TENANT_ID: '  '}, /: AZURE_TENANT_ID is not set/],
		[app, /AZURE_CLIENT_SECRET, AZURE_CLIENT_CERTIFICATE_PATH, or AZURE_USERNAME and AZURE_PASSWORD: none is set/],
		[{...app, AZURE_CLIENT_SECRET: ''}, /none is set/],
		[{...app, AZURE_USERNAME: 'u'}, /AZURE_USERNAME is set but AZURE_PASSWORD is not/],
		[{...app, AZURE_PASSWORD: 'top-secret'}, /AZURE_PASSWORD is set but AZURE_USERNAME is not/],
		[{...app, AZURE_CLIENT_CERTIFICATE_PASSWORD: 'top-secret'}, /AZURE_CLIENT_CERTIFICATE_PATH is not/],
		[{AZURE_TENANT_ID: 'common', AZURE_CLIENT_ID: 'app-id', AZURE_CLIENT_SECRET: 'top-secret'}, /must name the app's tenant/],
		[{AZURE_TENANT_ID: 'not a tenant!', AZURE_CLIENT_ID: 'app-id', AZURE_CLIENT_SECRET: 'top-secret'}, /is not a tenant/],
	];
	for (const [env, expected] of cases) {
		const error = t.throws(() => readEnvironmentCredential(env), {instanceOf: UsageError});
		t.regex(error.message, expected);
		t.false(error.message.includes('top-secret'));
		t.false(error.message.includes('\n'));
	}
});

test('end to end: the secret variant gets an application token from the emulator', async t => {
	const emulator = await startEmulator();
	try {
		const credential = readEnvironmentCredential({AZURE_TENANT_ID: CONTOSO_TENANT_ID, AZURE_CLIENT_ID: SECRET_CLIENT_ID, AZURE_CLIENT_SECRET: SECRET_CLIENT_SECRET});
		const clientAuth = await environmentClientAuth(credential, systemClock);
		const session = await entraSession(emulator.url, {tenant: credential.tenantId, clientId: credential.clientId, ...(clientAuth ? {clientAuth} : {})});
		const tokens = await clientCredentialsTokens(session, {scopes: ['https://graph.microsoft.com/.default']});
		const claims = JSON.parse(Buffer.from(tokens.accessToken.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
		t.is(claims['appid'] ?? claims['azp'], SECRET_CLIENT_ID);
		t.is(claims['idtyp'], 'app');
	} finally {
		await emulator.close();
	}
});
