import {createHash, randomBytes} from 'node:crypto';
import test from 'ava';
import {approveAuthorization, browse, pageText} from '../helpers/emulator-approve.js';
import {ALICE, BOB, CONTOSO_TENANT_ID, GRAPH_CLI_CLIENT_ID, LOCALHOST_CLIENT_ID, LOOPBACK_IP_CLIENT_ID, SECRET_CLIENT_ID, startEmulator, type Emulator} from '../../source/emulator/index.js';
import {aadstsCode, decodeClaims, postForm} from './fixtures.js';

let emulator: Emulator;
test.before(async () => {
	emulator = await startEmulator();
});
test.after.always(async () => emulator.close());

const REDIRECT = 'http://localhost:53127';

function pkce() {
	const verifier = randomBytes(32).toString('base64url');
	return {verifier, challenge: createHash('sha256').update(verifier).digest('base64url')};
}

function authorizeUrl(parameters: Record<string, string> = {}, tenant = 'organizations'): string {
	const url = new URL(`${emulator.url}/${tenant}/oauth2/v2.0/authorize`);
	url.search = new URLSearchParams({
		client_id: GRAPH_CLI_CLIENT_ID,
		response_type: 'code',
		redirect_uri: REDIRECT,
		scope: 'openid profile offline_access User.Read',
		state: 'state-123',
		...parameters,
	}).toString();
	return url.href;
}

async function redeem(code: string, fields: Record<string, string>) {
	return postForm(`${emulator.url}/organizations/oauth2/v2.0/token`, {
		grant_type: 'authorization_code',
		client_id: GRAPH_CLI_CLIENT_ID,
		code,
		redirect_uri: REDIRECT,
		...fields,
	});
}

test('sign-in and consent redirect back with code and state; the code redeems once with the PKCE verifier', async t => {
	const {verifier, challenge} = pkce();
	const back = await approveAuthorization({authorizeUrl: authorizeUrl({code_challenge: challenge, code_challenge_method: 'S256', nonce: 'n-42'})});
	t.is(`${back.origin}`, REDIRECT);
	t.is(back.searchParams.get('state'), 'state-123');
	const code = back.searchParams.get('code')!;
	t.truthy(code);

	const {status, body} = await redeem(code, {code_verifier: verifier});
	t.is(status, 200);
	t.truthy(body['refresh_token']);
	const id = decodeClaims(body['id_token'] as string);
	t.is(id['nonce'], 'n-42');
	t.is(id['tid'], CONTOSO_TENANT_ID);
	t.is(id['preferred_username'], ALICE.username);
	t.is(emulator.stats.count('token', 'authorization_code') > 0, true);

	const again = await redeem(code, {code_verifier: verifier});
	t.is(again.body['error'], 'invalid_grant');
	t.is(aadstsCode(again.body), 54_005);
});

test('a wrong verifier is AADSTS501481 and does not use the code up', async t => {
	const {verifier, challenge} = pkce();
	const back = await approveAuthorization({authorizeUrl: authorizeUrl({code_challenge: challenge, code_challenge_method: 'S256'})});
	const code = back.searchParams.get('code')!;
	const wrong = await redeem(code, {code_verifier: pkce().verifier});
	t.is(wrong.body['error'], 'invalid_grant');
	t.is(aadstsCode(wrong.body), 501_481);
	t.is((await redeem(code, {code_verifier: verifier})).status, 200);
});

test('the redirect URI must be the one of the authorization request', async t => {
	const {verifier, challenge} = pkce();
	const back = await approveAuthorization({authorizeUrl: authorizeUrl({code_challenge: challenge, code_challenge_method: 'S256'})});
	const {body} = await redeem(back.searchParams.get('code')!, {code_verifier: verifier, redirect_uri: 'http://localhost:1'});
	t.is(body['error'], 'invalid_grant');
	t.is(aadstsCode(body), 500_112);
});

test('a loopback redirect matches its registration on host and path; only the port is free', async t => {
	const cases: Array<[clientId: string, redirectUri: string, allowed: boolean]> = [
		[LOCALHOST_CLIENT_ID, 'http://localhost:65000', true],
		[LOCALHOST_CLIENT_ID, 'http://localhost:9/', true],
		[LOCALHOST_CLIENT_ID, 'http://localhost', true],
		[LOCALHOST_CLIENT_ID, 'http://127.0.0.1:65000/', false],
		[LOCALHOST_CLIENT_ID, 'http://[::1]:65000/', false],
		[LOCALHOST_CLIENT_ID, 'http://localhost:65000/auth', false],
		[LOCALHOST_CLIENT_ID, 'https://localhost:65000/', false],
		[LOCALHOST_CLIENT_ID, 'http://foo.localhost:65000/', false],
		[LOOPBACK_IP_CLIENT_ID, 'http://127.0.0.1:9/', true],
		[LOOPBACK_IP_CLIENT_ID, 'http://127.0.0.1:9', true],
		[LOOPBACK_IP_CLIENT_ID, 'http://localhost:9/', false],
		[LOOPBACK_IP_CLIENT_ID, 'http://127.0.0.2:9/', false],
		[GRAPH_CLI_CLIENT_ID, 'http://localhost:50000', true],
		[GRAPH_CLI_CLIENT_ID, 'http://127.0.0.1:50000/', false],
		[GRAPH_CLI_CLIENT_ID, 'https://login.microsoftonline.com/common/oauth2/nativeclient', true],
		[SECRET_CLIENT_ID, 'https://localhost:8443/daemon/signin', false],
	];
	for (const [clientId, redirectUri, allowed] of cases) {
		const page = await browse(authorizeUrl({client_id: clientId, redirect_uri: redirectUri}));
		if (allowed) {
			t.is(page.status, 200, `${clientId} ${redirectUri}`);
			const back = await approveAuthorization({authorizeUrl: authorizeUrl({client_id: clientId, redirect_uri: redirectUri})});
			t.is(back.origin, new URL(redirectUri).origin);
			t.truthy(back.searchParams.get('code'));
		} else {
			t.is(page.status, 400, `${clientId} ${redirectUri}`);
			t.is(page.location, undefined);
			t.regex(pageText(page.html), /AADSTS50011/);
		}
	}
});

test('an unregistered redirect URI is refused on the page, never redirected to', async t => {
	for (const redirectUri of ['https://evil.example/callback', 'https://127.0.0.1:8443/callback']) {
		const page = await browse(authorizeUrl({redirect_uri: redirectUri}));
		t.is(page.status, 400);
		t.is(page.location, undefined);
		t.regex(pageText(page.html), /AADSTS50011/);
	}
});

test('declining consent redirects with access_denied and the state', async t => {
	const back = await approveAuthorization({authorizeUrl: authorizeUrl(), decision: 'decline'});
	t.is(back.searchParams.get('error'), 'access_denied');
	t.is(back.searchParams.get('state'), 'state-123');
	t.is(back.searchParams.get('code'), null);
});

test('the login page takes login_hint and refuses a wrong password', async t => {
	const page = await browse(authorizeUrl({login_hint: BOB.username}));
	t.regex(page.html, /value="bob@contoso\.onmicrosoft\.com"/);
	const error = await t.throwsAsync(approveAuthorization({authorizeUrl: authorizeUrl({login_hint: BOB.username}), password: 'wrong'}));
	t.regex(error.message, /account or password is incorrect/);
	const back = await approveAuthorization({authorizeUrl: authorizeUrl({login_hint: BOB.username})});
	const {body} = await redeem(back.searchParams.get('code')!, {});
	t.is(decodeClaims(body['access_token'] as string)['upn'], BOB.username);
});

test('prompt=none and invalid scopes come back to the app as errors', async t => {
	const silent = await approveAuthorization({authorizeUrl: authorizeUrl({prompt: 'none'})});
	t.is(silent.searchParams.get('error'), 'login_required');
	t.is(silent.searchParams.get('state'), 'state-123');
	const badScope = await approveAuthorization({authorizeUrl: authorizeUrl({scope: 'User.Read api://msid-demo/things.read'})});
	t.is(badScope.searchParams.get('error'), 'invalid_scope');
	t.regex(badScope.searchParams.get('error_description') ?? '', /^AADSTS28000/);
});

test('an unknown tenant or client is an error page', async t => {
	const tenant = await browse(authorizeUrl({}, 'nowhere.example'));
	t.is(tenant.status, 400);
	t.regex(pageText(tenant.html), /AADSTS90002/);
	const client = await browse(authorizeUrl({client_id: '00000000-0000-0000-0000-000000000001'}));
	t.regex(pageText(client.html), /AADSTS700016/);
});

test('a confidential client must authenticate to redeem its code', async t => {
	const back = await approveAuthorization({authorizeUrl: authorizeUrl({client_id: SECRET_CLIENT_ID, redirect_uri: 'https://localhost/daemon/signin'})});
	const {status, body} = await postForm(`${emulator.url}/organizations/oauth2/v2.0/token`, {
		grant_type: 'authorization_code',
		client_id: SECRET_CLIENT_ID,
		code: back.searchParams.get('code')!,
		redirect_uri: 'https://localhost/daemon/signin',
	});
	t.is(status, 401);
	t.is(aadstsCode(body), 7_000_218);
});

test('follow delivers the redirect to the app', async t => {
	const {createServer} = await import('node:http');
	const received: string[] = [];
	const server = createServer((request, response) => {
		received.push(request.url ?? '');
		response.end('ok');
	}).listen(0, '127.0.0.1');
	await new Promise(resolve => server.once('listening', resolve));
	try {
		const {port} = server.address() as {port: number};
		await approveAuthorization({authorizeUrl: authorizeUrl({client_id: LOOPBACK_IP_CLIENT_ID, redirect_uri: `http://127.0.0.1:${port}/`}), follow: true});
		t.is(received.length, 1);
		t.regex(received[0]!, /^\/\?code=.+&state=state-123/);
	} finally {
		server.close();
	}
});
