/**
 * Browser sign-in (authorization code + PKCE + loopback redirect) over real HTTP: the Entra
 * emulator and oidc-provider, driven by a real Chromium where a person would click.
 */
import test from 'ava';
import type {Browser, Page} from 'playwright-core';
import {ALICE, CONTOSO_TENANT_ID, GRAPH_CLI_CLIENT_ID, startEmulator, type Emulator} from '../../../source/emulator/index.js';
import {CancelledError, MsidError} from '../../../source/model/errors.js';
import {authorizationCodeFlow, prepareAuthorization, redeemAuthorizationCode, type AuthorizationCodeRequest} from '../../../source/identity/auth-code.js';
import type {SignInEvent} from '../../../source/model/sign-in-events.js';
import type {TokenSet} from '../../../source/identity/token-set.js';
import type {Clock} from '../../../source/model/clock.js';
import {chromiumMissing, launchChromium, withPage} from '../../helpers/chromium.js';
import {approveAuthorization} from '../../helpers/emulator-approve.js';
import {startOidcProvider, type OidcServer} from '../../helpers/oidc-server.js';
import {entraSession, oidcSession} from './sessions.js';
import {testNeeding} from '../../helpers/tool-gate.js';

const entraScopes = ['openid', 'profile', 'offline_access', 'User.Read'];
const missing = chromiumMissing();
const withBrowser = testNeeding(missing);

let emulator: Emulator;
let oidc: OidcServer;
let browser: Browser | undefined;
test.before(async () => {
	[emulator, oidc] = await Promise.all([startEmulator(), startOidcProvider({strictOfflineAccess: true})]);
	if (!missing) {
		browser = await launchChromium();
	}
});
test.after.always(async () => {
	await Promise.all([emulator?.close(), oidc?.close(), browser?.close()]);
});

interface Run {
	events: SignInEvent[];
	tokens?: TokenSet;
	error?: unknown;
}

/** Runs the flow; `onEvent` plays the user (or an attacker) when an event arrives. */
async function run(flow: AsyncGenerator<SignInEvent, TokenSet>, onEvent: (event: SignInEvent) => Promise<void> | void = () => undefined): Promise<Run> {
	const events: SignInEvent[] = [];
	try {
		for (;;) {
			const next = await flow.next();
			if (next.done) {
				return {events, tokens: next.value};
			}

			events.push(next.value);
			await onEvent(next.value);
		}
	} catch (error) {
		return {events, error};
	}
}

function claimsOf(jwt: string): Record<string, unknown> {
	return JSON.parse(Buffer.from(jwt.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
}

function redirectUriOf(url: string): URL {
	return new URL(new URL(url).searchParams.get('redirect_uri')!);
}

async function refused(url: URL | string): Promise<boolean> {
	try {
		await fetch(url);
		return false;
	} catch (error) {
		return (error as {cause?: {code?: string}}).cause?.code === 'ECONNREFUSED';
	}
}

const noBrowser: AuthorizationCodeRequest['openBrowser'] = async () => false;

withBrowser('Chromium signs in on the emulator\'s pages and the flow returns validated tokens', async t => {
	const session = await entraSession(emulator.url);
	await withPage(browser!, async page => {
		const flow = authorizationCodeFlow(session, {
			scopes: entraScopes,
			openBrowser: async url => {
				await page.goto(url);
				return true;
			},
		});
		const result = await run(flow, async event => {
			if (event.type === 'browser') {
				await signInOnEmulator(page);
			}
		});
		t.is(result.error, undefined, String(result.error));
		t.deepEqual(result.events.map(event => event.type), ['browser']);
		const [event] = result.events;
		t.true(event?.type === 'browser' && event.opened);
		const tokens = result.tokens!;
		t.truthy(tokens.refreshToken);
		t.is(tokens.idClaims?.['preferred_username'], ALICE.username);
		t.is(tokens.idClaims?.['tid'], CONTOSO_TENANT_ID);
		t.is(claimsOf(tokens.accessToken)['aud'], 'https://graph.microsoft.com');
		// The browser landed on msid's own page.
		t.regex(await page.locator('h1').innerText(), /Signed in/);
		t.is(new URL(page.url()).hostname, 'localhost');
	});
});

async function signInOnEmulator(page: Page): Promise<void> {
	await page.fill('#username', ALICE.username);
	await page.fill('#password', ALICE.password);
	await page.click('button[type=submit]');
	await page.click('button[value=approve]');
	await page.waitForURL(url => url.hostname === 'localhost' || (url.hostname === '127.0.0.1' && !url.pathname.includes('oauth2')));
}

withBrowser('Chromium signs in at oidc-provider: strict offline_access gets prompt=consent, audience picks the API', async t => {
	const session = await oidcSession(oidc.issuer, oidc.clients.device.clientId, {audience: oidc.audience});
	await withPage(browser!, async page => {
		const flow = authorizationCodeFlow(session, {
			scopes: ['openid', 'profile', 'offline_access', 'read:things'],
			audience: oidc.audience,
			openBrowser: async url => {
				await page.goto(url);
				return true;
			},
		});
		const result = await run(flow, async event => {
			if (event.type === 'browser') {
				const url = new URL(event.url);
				t.is(url.searchParams.get('prompt'), 'consent');
				t.is(url.searchParams.get('audience'), oidc.audience);
				await page.fill('input[name=login]', 'alice');
				await page.click('#login button');
				await page.click('#consent button');
				await page.waitForURL(url => url.origin !== new URL(oidc.issuer).origin);
			}
		});
		t.is(result.error, undefined, String(result.error));
		const tokens = result.tokens!;
		t.is(tokens.idClaims?.['sub'], 'alice');
		t.truthy(tokens.refreshToken, 'offline_access survived the strict provider');
		t.is(claimsOf(tokens.accessToken)['aud'], oidc.audience);
		t.true((await oidc.introspect(tokens.refreshToken!)).active);
		t.regex(await page.locator('h1').innerText(), /Signed in/);
	});
});

test('the authorization request: Entra\'s loopback redirect http://localhost:PORT, PKCE S256, state, nonce; no prompt for Entra', async t => {
	const session = await entraSession(emulator.url);
	const result = await run(authorizationCodeFlow(session, {scopes: entraScopes, openBrowser: noBrowser, loginHint: ALICE.username, domainHint: 'contoso.com'}), async event => {
		if (event.type === 'browser') {
			const url = new URL(event.url);
			t.false(event.opened);
			t.is(`${url.origin}${url.pathname}`, `${emulator.url}/organizations/oauth2/v2.0/authorize`);
			const redirect = redirectUriOf(event.url);
			t.is(redirect.hostname, 'localhost');
			t.is(redirect.pathname, '/');
			t.not(redirect.port, '');
			t.regex(new URL(event.url).searchParams.get('redirect_uri')!, /^http:\/\/localhost:\d+$/, 'as MSAL sends it: no trailing slash');
			t.is(url.searchParams.get('code_challenge_method'), 'S256');
			t.regex(url.searchParams.get('code_challenge') ?? '', /^[\w-]{43}$/);
			t.truthy(url.searchParams.get('state'));
			t.truthy(url.searchParams.get('nonce'));
			t.is(url.searchParams.get('prompt'), null);
			t.is(url.searchParams.get('login_hint'), ALICE.username);
			t.is(url.searchParams.get('domain_hint'), 'contoso.com');
			t.is(url.searchParams.get('client_id'), GRAPH_CLI_CLIENT_ID);
			// The user, without a browser window: the HTTP helper follows the redirect to msid.
			await approveAuthorization({authorizeUrl: event.url, follow: true});
		}
	});
	t.is(result.error, undefined, String(result.error));
	t.is(result.tokens?.idClaims?.['preferred_username'], ALICE.username);
});

test('a forged callback (wrong or missing state) is answered with an error page and the real one still signs in', async t => {
	const session = await entraSession(emulator.url);
	const pages: Array<{status: number; text: string}> = [];
	const result = await run(authorizationCodeFlow(session, {scopes: entraScopes, openBrowser: noBrowser}), async event => {
		if (event.type === 'browser') {
			// Another local process races the browser to the listener.
			for (const forged of ['state=not-the-one&code=stolen', 'code=stolen', 'error=access_denied&state=forged']) {
				const response = await fetch(`${redirectUriOf(event.url).href}?${forged}`);
				pages.push({status: response.status, text: await response.text()});
			}

			await approveAuthorization({authorizeUrl: event.url, follow: true});
		}
	});
	t.is(result.error, undefined, String(result.error));
	t.is(result.tokens?.idClaims?.['preferred_username'], ALICE.username);
	t.is(pages.length, 3);
	for (const page of pages) {
		t.is(page.status, 400);
		t.regex(page.text, /Sign-in rejected/);
		t.regex(page.text, /state does not match/);
		t.notRegex(page.text, /stolen/);
	}
});

test('with only forged callbacks, the sign-in waits until its own timeout', async t => {
	let fire: (() => void) | undefined;
	const clock: Clock = {
		now: () => Date.now(),
		sleep: async (_ms, signal) =>
			new Promise((resolve, reject) => {
				fire = resolve;
				signal?.addEventListener('abort', () => {
					reject(new DOMException('aborted', 'AbortError'));
				});
			}),
	};
	const session = await entraSession(emulator.url, {clock});
	const result = await run(authorizationCodeFlow(session, {scopes: entraScopes, openBrowser: noBrowser}), async event => {
		if (event.type === 'browser') {
			const response = await fetch(`${redirectUriOf(event.url).href}?state=forged&code=x`);
			t.is(response.status, 400);
			setImmediate(() => fire?.());
		}
	});
	t.is((result.error as MsidError).code, 'browser-timeout');
});

test('declining consent is a "declined" error and the page says declined (echoed text escaped)', async t => {
	const session = await entraSession(emulator.url);
	let pageText = '';
	const result = await run(authorizationCodeFlow(session, {scopes: entraScopes, openBrowser: noBrowser}), async event => {
		if (event.type === 'browser') {
			const back = await approveAuthorization({authorizeUrl: event.url, decision: 'decline'});
			back.searchParams.set('error_description', '<script>alert(1)</script> declined');
			const response = await fetch(back);
			pageText = await response.text();
		}
	});
	t.is((result.error as MsidError).code, 'declined');
	t.regex(pageText, /Sign-in declined/);
	t.regex(pageText, /&lt;script&gt;alert\(1\)&lt;\/script&gt;/);
	t.notRegex(pageText, /<script>/);
});

test('other authorization errors map to one-line guidance with the AADSTS code', async t => {
	const session = await entraSession(emulator.url);
	const result = await run(authorizationCodeFlow(session, {scopes: entraScopes, prompt: 'none', openBrowser: noBrowser}), async event => {
		if (event.type === 'browser') {
			await approveAuthorization({authorizeUrl: event.url, follow: true});
		}
	});
	const error = result.error as MsidError;
	t.is(error.code, 'interaction-required');
	t.regex(error.message, /AADSTS50058/);
	t.false(error.message.includes('\n'));
});

test('a tampered code_verifier is refused by the server and the code is not redeemed', async t => {
	const session = await entraSession(emulator.url);
	const redirectUri = 'http://localhost:50123';
	const prepared = await prepareAuthorization(session, {scopes: entraScopes}, redirectUri);
	const back = await approveAuthorization({authorizeUrl: prepared.url.href});
	const tampered = {...prepared, codeVerifier: `${prepared.codeVerifier.slice(0, -1)}${prepared.codeVerifier.endsWith('A') ? 'B' : 'A'}`};
	const error = await t.throwsAsync(redeemAuthorizationCode(session, tampered, back.searchParams), {instanceOf: MsidError});
	t.is(error.code, 'code-rejected');
	t.regex(error.message, /AADSTS501481/);
	t.regex(error.message, /PKCE verifier/);
	// The genuine verifier still works: the failed attempt did not use the code up.
	const tokens = await redeemAuthorizationCode(session, prepared, back.searchParams);
	t.is(tokens.idClaims?.['nonce'], prepared.nonce);
});

test('an ID token without the nonce that was sent is refused', async t => {
	const session = await entraSession(emulator.url);
	const prepared = await prepareAuthorization(session, {scopes: entraScopes}, 'http://localhost:50124');
	const back = await approveAuthorization({authorizeUrl: prepared.url.href});
	const error = await t.throwsAsync(redeemAuthorizationCode(session, {...prepared, nonce: 'another-nonce'}, back.searchParams), {instanceOf: MsidError});
	t.is(error.code, 'bad-response');
	t.regex(error.message, /nonce/);
});

test('the listener takes one callback, then refuses connections', async t => {
	const session = await entraSession(emulator.url);
	let redirect: URL | undefined;
	const result = await run(authorizationCodeFlow(session, {scopes: entraScopes, openBrowser: noBrowser}), async event => {
		if (event.type === 'browser') {
			redirect = redirectUriOf(event.url);
			const favicon = await fetch(new URL('/favicon.ico', redirect));
			t.is(favicon.status, 404, 'a stray request does not use up the callback');
			await approveAuthorization({authorizeUrl: event.url, follow: true});
		}
	});
	t.truthy(result.tokens);
	t.true(await refused(redirect!));
});

test('aborting closes the listener and ends the flow as cancelled', async t => {
	const controller = new AbortController();
	const session = await entraSession(emulator.url, {signal: controller.signal});
	let redirect: URL | undefined;
	const result = await run(authorizationCodeFlow(session, {scopes: entraScopes, openBrowser: noBrowser}), event => {
		if (event.type === 'browser') {
			redirect = redirectUriOf(event.url);
			controller.abort();
		}
	});
	t.true(result.error instanceof CancelledError);
	t.true(await refused(redirect!));
});

test('an abandoned flow (the caller stops iterating) closes the listener', async t => {
	const session = await entraSession(emulator.url);
	const flow = authorizationCodeFlow(session, {scopes: entraScopes, openBrowser: noBrowser});
	const first = await flow.next();
	t.false(first.done);
	const redirect = first.done ? undefined : first.value.type === 'browser' ? redirectUriOf(first.value.url) : undefined;
	await flow.return(undefined as unknown as TokenSet);
	t.true(await refused(redirect!));
});

test('no answer within the timeout (on the injected clock) fails clearly and closes the listener', async t => {
	let fire: (() => void) | undefined;
	const requested: number[] = [];
	const clock: Clock = {
		now: () => Date.now(),
		sleep: async (ms, signal) =>
			new Promise((resolve, reject) => {
				requested.push(ms);
				fire = resolve;
				signal?.addEventListener('abort', () => {
					reject(new DOMException('aborted', 'AbortError'));
				});
			}),
	};
	const session = await entraSession(emulator.url, {clock});
	let redirect: URL | undefined;
	const result = await run(authorizationCodeFlow(session, {scopes: entraScopes, openBrowser: noBrowser}), event => {
		if (event.type === 'browser') {
			redirect = redirectUriOf(event.url);
			setImmediate(() => fire?.());
		}
	});
	t.deepEqual(requested, [5 * 60 * 1000]);
	const error = result.error as MsidError;
	t.is(error.code, 'browser-timeout');
	t.regex(error.message, /5 minutes/);
	t.true(await refused(redirect!));
});
