/**
 * msid behind an HTTPS proxy: a CONNECT proxy on 127.0.0.1 that knows the name `idp.test`
 * (msid never resolves it: only the proxy does, so no DNS query leaves), in front of the
 * emulator served over https with a throwaway CA given through NODE_EXTRA_CA_CERTS.
 */
import {execFileSync} from 'node:child_process';
import {once} from 'node:events';
import {readFile, writeFile} from 'node:fs/promises';
import {createServer, type Server} from 'node:http';
import {connect, type AddressInfo} from 'node:net';
import path from 'node:path';
import test from 'ava';
import {ALICE, CONTOSO_TENANT_ID} from '../../source/emulator/directory.js';
import {startEmulator, type Emulator} from '../../source/emulator/index.js';
import {makeMsidEnv, runMsid} from '../helpers/cli.js';
import {cleanupTempDirs, makeTempDir} from '../helpers/temp-dirs.js';
import {setTokenExpiry} from '../helpers/token-expiry.js';
import {testNeeding} from '../helpers/tool-gate.js';

const opensslMissing = (() => {
	try {
		execFileSync('openssl', ['version'], {stdio: 'ignore'});
		return undefined;
	} catch {
		return 'openssl is not installed (Debian package openssl)';
	}
})();
const withOpenssl = testNeeding(opensslMissing);

interface Proxy {
	url: string;
	/** `host:port` of every CONNECT, in order. */
	connects: string[];
	server: Server;
}

/** A CONNECT proxy that maps `idp.test` to 127.0.0.1 and refuses every other name; or one that wants credentials. */
async function startProxy(answer: 'tunnel' | 'auth-required'): Promise<Proxy> {
	const connects: string[] = [];
	const server = createServer((_request, response) => {
		response.writeHead(405).end();
	});
	server.on('connect', (request, socket) => {
		connects.push(request.url ?? '');
		if (answer === 'auth-required') {
			socket.end('HTTP/1.1 407 Proxy Authentication Required\r\nProxy-Authenticate: Basic realm="test"\r\nContent-Length: 0\r\n\r\n');
			return;
		}

		const [host, port] = (request.url ?? '').split(':');
		if (host !== 'idp.test') {
			socket.end('HTTP/1.1 502 Bad Gateway\r\nContent-Length: 0\r\n\r\n');
			return;
		}

		const upstream = connect(Number(port), '127.0.0.1', () => {
			socket.write('HTTP/1.1 200 Connection Established\r\n\r\n');
			upstream.pipe(socket);
			socket.pipe(upstream);
		});
		upstream.on('error', () => socket.destroy());
		socket.on('error', () => upstream.destroy());
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	return {url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, connects, server};
}

async function closeProxy(proxy: Proxy): Promise<void> {
	proxy.server.closeAllConnections();
	proxy.server.close();
}

/** A throwaway CA and a certificate for idp.test signed by it. */
async function makeCertificates(): Promise<{caFile: string; key: string; cert: string}> {
	const dir = await makeTempDir('msid-proxy-ca-');
	const file = (name: string) => path.join(dir, name);
	const openssl = (...args: string[]) => execFileSync('openssl', args, {stdio: 'ignore'});
	openssl('req', '-x509', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('ca.key'), '-out', file('ca.pem'), '-days', '2', '-subj', '/CN=msid test CA');
	openssl('req', '-newkey', 'rsa:2048', '-nodes', '-keyout', file('idp.key'), '-out', file('idp.csr'), '-subj', '/CN=idp.test');
	await writeFile(file('san.ext'), 'subjectAltName=DNS:idp.test\nbasicConstraints=CA:FALSE\nextendedKeyUsage=serverAuth\n');
	openssl('x509', '-req', '-in', file('idp.csr'), '-CA', file('ca.pem'), '-CAkey', file('ca.key'), '-CAcreateserial', '-out', file('idp.pem'), '-days', '2', '-extfile', file('san.ext'));
	return {caFile: file('ca.pem'), key: await readFile(file('idp.key'), 'utf8'), cert: await readFile(file('idp.pem'), 'utf8')};
}

let emulator: Emulator | undefined;
let caFile = '';
test.before(async () => {
	if (opensslMissing) {
		return;
	}

	const certificates = await makeCertificates();
	caFile = certificates.caFile;
	emulator = await startEmulator({interval: 1, tls: {key: certificates.key, cert: certificates.cert, host: 'idp.test'}});
});
test.after.always(async () => {
	await emulator?.close();
	await cleanupTempDirs();
});

const login = async (env: NodeJS.ProcessEnv) => runMsid(['login', '--flow', 'password', '--tenant', CONTOSO_TENANT_ID, '--username', ALICE.username], env, {input: `${ALICE.password}\n`});

withOpenssl.serial('with HTTPS_PROXY, sign-in and refresh reach the provider only through the proxy', async t => {
	const proxy = await startProxy('tunnel');
	try {
		const msid = await makeMsidEnv({AZURE_AUTHORITY_HOST: emulator!.url, MSID_STORE: 'file', NODE_EXTRA_CA_CERTS: caFile, HTTPS_PROXY: proxy.url, NO_PROXY: 'other.example'});
		const signedIn = await login(msid.env);
		t.is(signedIn.code, 0, signedIn.stderr);
		// Every request goes through the proxy, including the tenant list (which it refuses here).
		const provider = () => proxy.connects.filter(target => target === new URL(emulator!.url).host).length;
		const afterLogin = provider();
		t.true(afterLogin >= 1, 'the sign-in went through the proxy');

		await setTokenExpiry(msid, 60_000);
		const tokens = emulator!.stats.count('token');
		const token = await runMsid(['token'], msid.env);
		t.is(token.code, 0, token.stderr);
		t.is(emulator!.stats.count('token') - tokens, 1, 'one refresh');
		t.true(provider() > afterLogin, 'the refresh went through the proxy');
		t.is(emulator!.connections(), provider(), 'every connection the provider took came through a tunnel');
	} finally {
		await closeProxy(proxy);
	}
});

withOpenssl.serial('lower-case https_proxy works too, and NO_PROXY naming the provider sends nothing to the proxy', async t => {
	const proxy = await startProxy('tunnel');
	try {
		const msid = await makeMsidEnv({AZURE_AUTHORITY_HOST: emulator!.url, MSID_STORE: 'file', NODE_EXTRA_CA_CERTS: caFile, https_proxy: proxy.url});
		t.is((await login(msid.env)).code, 0);
		t.true(proxy.connects.length >= 1);

		// With the provider bypassed, msid would have to resolve idp.test itself: instead the
		// proxy choice is checked through msid doctor, which sends nothing for it.
		const doctor = await runMsid(['doctor'], {...msid.env, https_proxy: 'http://alice:s3cret@127.0.0.1:9', NO_PROXY: '.test'});
		t.regex(doctor.stdout, /proxy\s+idp\.test:\d+ direct \(NO_PROXY\)/);
		t.false(doctor.stdout.includes('s3cret'));
	} finally {
		await closeProxy(proxy);
	}
});

withOpenssl.serial('msid doctor names the proxy in use, credentials masked', async t => {
	const proxy = await startProxy('tunnel');
	try {
		const msid = await makeMsidEnv({AZURE_AUTHORITY_HOST: emulator!.url, MSID_STORE: 'file', NODE_EXTRA_CA_CERTS: caFile, HTTPS_PROXY: proxy.url});
		t.is((await login(msid.env)).code, 0);
		const withCredentials = proxy.url.replace('http://', 'http://alice:s3cret@');
		const doctor = await runMsid(['doctor'], {...msid.env, HTTPS_PROXY: withCredentials});
		t.regex(doctor.stdout, new RegExp(`proxy\\s+idp\\.test:\\d+ through http://\\*\\*\\*@${proxy.url.slice('http://'.length).replaceAll('.', '\\.')}`));
		t.false(doctor.stdout.includes('s3cret'));
		t.false(doctor.stderr.includes('s3cret'));
	} finally {
		await closeProxy(proxy);
	}
});

withOpenssl.serial('a proxy answering 407: one plain line naming the proxy, exit 1, credentials never printed', async t => {
	const proxy = await startProxy('auth-required');
	try {
		const proxyHost = proxy.url.slice('http://'.length);
		const msid = await makeMsidEnv({AZURE_AUTHORITY_HOST: emulator!.url, MSID_STORE: 'file', NODE_EXTRA_CA_CERTS: caFile, HTTPS_PROXY: `http://alice:s3cret@${proxyHost}`});
		const result = await login(msid.env);
		t.is(result.code, 1);
		t.true(proxy.connects.length >= 1);
		// Apart from the warning this test's file store always gives.
		const lines = result.stderr.trim().split('\n').filter(line => !line.includes('MSID_STORE=file'));
		t.is(lines.length, 1, result.stderr);
		t.true(lines[0]!.includes(`the proxy ${proxyHost} asks for credentials (407)`), result.stderr);
		t.regex(lines[0]!, /put them in the proxy URL/);
		t.false(result.stderr.includes('s3cret'));
		t.false(result.stdout.includes('s3cret'));
	} finally {
		await closeProxy(proxy);
	}
});
