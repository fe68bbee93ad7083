/**
 * Certificate credentials: reading the PEM (plain and encrypted keys), thumbprints, the RFC
 * 7523 assertion, and client credentials with it against the Entra emulator.
 */
import {createHash, createPrivateKey, generateKeyPairSync, X509Certificate} from 'node:crypto';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import test from 'ava';
import {CERTIFICATE_CLIENT_ID, CONTOSO_TENANT_ID, startEmulator, type Emulator} from '../../../source/emulator/index.js';
import {MsidError, type ErrorCode} from '../../../source/model/errors.js';
import {certificatePemForStorage, certificateThumbprints, parseClientCertificate, readClientCertificate, type ClientCertificate} from '../../../source/identity/certificate.js';
import {certificateClientAuth, createClientAssertion, type AssertionAlgorithm} from '../../../source/identity/client-assertion.js';
import {clientCredentialsTokens} from '../../../source/identity/client-credentials.js';
import {systemClock} from '../../../source/system/clock.js';
import {entraSession} from './sessions.js';

let emulator: Emulator;
let keyPem: string;
let certificatePem: string;
let directory: string;
test.before(async () => {
	emulator = await startEmulator();
	keyPem = emulator.directory.certificate!.privateKeyPem;
	certificatePem = emulator.directory.certificate!.certificatePem;
	directory = await mkdtemp(join(tmpdir(), 'msid-certificate-'));
});
test.after.always(async () => {
	await emulator?.close();
	await rm(directory, {recursive: true, force: true});
});

function decode(part: string): Record<string, unknown> {
	return JSON.parse(Buffer.from(part, 'base64url').toString('utf8')) as Record<string, unknown>;
}

async function certificateTokens(certificate: ClientCertificate, algorithm?: AssertionAlgorithm) {
	const session = await entraSession(emulator.url, {tenant: CONTOSO_TENANT_ID, clientId: CERTIFICATE_CLIENT_ID, clientAuth: certificateClientAuth(certificate, systemClock, algorithm)});
	return clientCredentialsTokens(session, {scopes: ['https://graph.microsoft.com/.default']});
}

test('one PEM with key and certificate (either order) yields the key and both thumbprints', t => {
	for (const pem of [`${keyPem}${certificatePem}`, `${certificatePem}\n${keyPem}`]) {
		const certificate = parseClientCertificate(pem);
		const der = new X509Certificate(certificatePem).raw;
		t.is(certificate.x5tS256, createHash('sha256').update(der).digest('base64url'));
		t.is(certificate.x5t, createHash('sha1').update(der).digest('base64url'));
		t.is(certificate.x5tS256, emulator.directory.certificate!.x5tS256);
		t.is(certificate.x5t, emulator.directory.certificate!.x5t);
		t.true(certificate.expiresAt > Date.now());
	}
});

test('the assertion: PS256 with x5t#S256 (or RS256 with x5t alone), aud = token endpoint, iss = sub = client id, 5 minutes on the given clock', t => {
	const certificate = parseClientCertificate(`${keyPem}${certificatePem}`);
	const now = Date.UTC(2026, 0, 15, 9, 0, 0);
	const assertion = createClientAssertion({clientId: 'app-1', audience: 'https://login.example/t/oauth2/v2.0/token', certificate, now});
	const [header, claims] = assertion.split('.').map(part => part) as [string, string, string];
	t.deepEqual(decode(header), {alg: 'PS256', typ: 'JWT', 'x5t#S256': certificate.x5tS256});
	const rs256 = createClientAssertion({clientId: 'app-1', audience: 'x', certificate, now, algorithm: 'RS256'});
	t.deepEqual(decode(rs256.split('.')[0]!), {alg: 'RS256', typ: 'JWT', x5t: certificate.x5t});
	const payload = decode(claims);
	t.is(payload['aud'], 'https://login.example/t/oauth2/v2.0/token');
	t.is(payload['iss'], 'app-1');
	t.is(payload['sub'], 'app-1');
	t.is(payload['nbf'], now / 1000);
	t.is(payload['iat'], now / 1000);
	t.is(payload['exp'], now / 1000 + 300);
	t.regex(String(payload['jti']), /^[\da-f-]{36}$/);
	const second = createClientAssertion({clientId: 'app-1', audience: 'x', certificate, now});
	t.not(decode(second.split('.')[1]!)['jti'], payload['jti']);
});

test('Entra emulator: RS256 and PS256 assertions get application tokens', async t => {
	const certificate = parseClientCertificate(`${keyPem}${certificatePem}`);
	for (const algorithm of ['RS256', 'PS256'] as const) {
		const tokens = await certificateTokens(certificate, algorithm);
		const claims = decode(tokens.accessToken.split('.')[1]!);
		t.is(claims['idtyp'], 'app');
		t.is(claims['appidacr'], '2', 'authenticated with a certificate');
		t.is(tokens.refreshToken, undefined);
	}
});

test('an encrypted private key is read with its password; a missing or wrong password is named, never echoed', async t => {
	const password = 'correct horse battery staple';
	const encrypted = createPrivateKey(keyPem).export({type: 'pkcs8', format: 'pem', cipher: 'aes-256-cbc', passphrase: password}) as string;
	const path = join(directory, 'encrypted.pem');
	await writeFile(path, `${encrypted}${certificatePem}`, {mode: 0o600});
	const certificate = await readClientCertificate(path, password);
	t.truthy(await certificateTokens(certificate));
	// Stored for silent re-acquisition without the password, and read back as the same certificate.
	const stored = certificatePemForStorage(certificate);
	t.false(stored.includes('ENCRYPTED'));
	t.is(parseClientCertificate(stored, {name: 'the stored certificate'}).x5tS256, certificate.x5tS256);

	const missing = await t.throwsAsync(readClientCertificate(path), {instanceOf: MsidError});
	t.is(missing.code, 'certificate-password-required');
	t.regex(missing.message, /AZURE_CLIENT_CERTIFICATE_PASSWORD/);
	const wrong = await t.throwsAsync(readClientCertificate(path, 'not the password'), {instanceOf: MsidError});
	t.is(wrong.code, 'certificate-password-wrong');
	for (const error of [missing, wrong]) {
		t.true(error.message.includes(path));
		t.false(error.message.includes('not the password'));
		t.false(error.message.includes('BEGIN'));
	}
});

test('files without a key, without a certificate, or with a certificate of another key are refused before any request', async t => {
	const other = generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey.export({type: 'pkcs8', format: 'pem'}) as string;
	const cases: Array<[string, ErrorCode]> = [
		[certificatePem, 'certificate-invalid'],
		[keyPem, 'certificate-invalid'],
		['not a pem at all', 'certificate-invalid'],
		[`${other}${certificatePem}`, 'certificate-mismatch'],
	];
	for (const [pem, code] of cases) {
		const error = t.throws(() => parseClientCertificate(pem, {name: 'cert.pem'}), {instanceOf: MsidError});
		t.is(error.code, code);
		t.false(error.message.includes('PRIVATE KEY-----'));
	}

	const absent = await t.throwsAsync(readClientCertificate(join(directory, 'absent.pem')), {instanceOf: MsidError});
	t.regex(absent.message, /does not exist/);
});

test('a key that is not the uploaded certificate\'s is refused by the server, and msid says to check the certificate', async t => {
	const registered = new X509Certificate(certificatePem);
	const wrongKey = generateKeyPairSync('rsa', {modulusLength: 2048}).privateKey;
	// Bypasses the local check on purpose: the server must refuse it too.
	const mismatched: ClientCertificate = {privateKey: wrongKey, certificate: registered, ...certificateThumbprints(registered), expiresAt: Date.parse(registered.validTo)};
	const error = await t.throwsAsync(certificateTokens(mismatched), {instanceOf: MsidError});
	t.regex(error.message, /AADSTS700027/);
	t.deepEqual(error.remedy, {kind: 'app-registration', what: 'upload the certificate that matches the private key'});
	t.false(error.message.includes('\n'));
	t.false(`${error.message}${error.hint ?? ''}`.includes('PRIVATE KEY'));
});
