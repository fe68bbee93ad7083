/**
 * `/{tenant}/oauth2/v2.0/authorize`: the browser sign-in of the authorization code flow.
 * GET checks the request and shows the sign-in page; each POST moves one page on
 * (password, then consent), and the last answer is a 302 back to the app's redirect URI.
 */
import {randomUUID} from 'node:crypto';
import {AadstsError} from '../aadsts-error.js';
import {parseClaimsRequest} from '../claims-request.js';
import {requireClient} from '../clients.js';
import {readForm, redirect, sendHtml, type Exchange} from '../http.js';
import {isAllowedRedirect, redirectWith} from '../redirect-uris.js';
import {parseScopes} from '../scopes.js';
import {checkPassword, tenantFor, usersAt} from '../sign-in.js';
import {html, page} from './html.js';
import {errorBox, scopeList} from './sign-in-form.js';
import type {Authority} from '../authority.js';
import type {PendingAuthorization} from '../authorize-requests.js';
import type {EmulatorContext} from '../context.js';

export async function handleAuthorize(context: EmulatorContext, exchange: Exchange, authority: Authority): Promise<void> {
	if (exchange.request.method === 'POST') {
		await continueAuthorization(context, exchange);
		return;
	}

	const parameters = exchange.url.searchParams;
	const client = requireClient(context.directory, authority, parameters.get('client_id') ?? undefined);
	const redirectUri = parameters.get('redirect_uri') ?? client.redirectUris[0] ?? '';
	if (!isAllowedRedirect(client, redirectUri)) {
		// Never redirect to an unregistered URI: the error stays on the identity platform's page.
		throw new AadstsError(
			'invalid_request',
			50_011,
			`The redirect URI '${redirectUri}' specified in the request does not match the redirect URIs configured for the application '${client.clientId}'. Make sure the redirect URI sent in the request matches one added to your application in the Azure portal.`,
		);
	}

	const responseMode = parameters.get('response_mode') === 'fragment' ? 'fragment' : 'query';
	const state = parameters.get('state') ?? undefined;
	let pending: PendingAuthorization;
	try {
		pending = context.authorizeRequests.create({
			client,
			authority,
			redirectUri,
			responseMode,
			state,
			nonce: parameters.get('nonce') ?? undefined,
			...codeChallenge(parameters),
			request: parseScopes(context.directory, parameters.get('scope')),
			claims: parseClaimsRequest(parameters.get('claims')),
			loginHint: parameters.get('login_hint') ?? undefined,
		});
		if (parameters.get('response_type') !== 'code') {
			throw new AadstsError('unsupported_response_type', 700_054, `response_type '${parameters.get('response_type') ?? ''}' is not enabled for the application. Use 'code'.`);
		}

		if (parameters.get('prompt') === 'none') {
			// The emulator keeps no browser session, so a silent request always needs a sign-in.
			throw new AadstsError('login_required', 50_058, 'A silent sign-in request was sent but no user is signed in.');
		}
	} catch (error) {
		if (!(error instanceof AadstsError)) {
			throw error;
		}

		redirect(exchange.response, redirectWith(redirectUri, responseMode, {error: error.error, error_description: error.message, state}));
		return;
	}

	loginPage(context, exchange, pending);
}

function codeChallenge(parameters: URLSearchParams): Pick<PendingAuthorization, 'codeChallenge' | 'codeChallengeMethod'> {
	const challenge = parameters.get('code_challenge');
	if (!challenge) {
		return {};
	}

	const method = parameters.get('code_challenge_method') ?? 'plain';
	if (method !== 'S256' && method !== 'plain') {
		throw new AadstsError('invalid_request', 501_491, `Invalid code_challenge_method '${method}'. Use 'S256'.`);
	}

	return {codeChallenge: challenge, codeChallengeMethod: method};
}

async function continueAuthorization(context: EmulatorContext, exchange: Exchange): Promise<void> {
	const form = await readForm(exchange.request);
	const pending = context.authorizeRequests.find(form.get('tx') ?? '');
	if (!pending) {
		sendHtml(
			exchange.response,
			400,
			page('Sign-in expired', 'error', html`<h1>Sign-in expired</h1><p>This sign-in request has expired or was already completed. Go back to the application and start again.</p>`),
		);
		return;
	}

	if (form.get('step') === 'consent' && pending.user) {
		decide(context, exchange, pending, form.get('decision') === 'approve');
		return;
	}

	const username = form.get('username') ?? '';
	try {
		const user = checkPassword(context.directory, username, form.get('password') ?? '');
		tenantFor(context, pending.authority, user, pending.client);
		pending.user = user;
		consentPage(exchange, pending);
	} catch (error) {
		if (!(error instanceof AadstsError)) {
			throw error;
		}

		const message = error.code === 50_126 ? 'Your account or password is incorrect.' : error.message;
		loginPage(context, exchange, {...pending, loginHint: username}, message);
	}
}

function decide(context: EmulatorContext, exchange: Exchange, pending: PendingAuthorization, approved: boolean): void {
	context.authorizeRequests.finish(pending);
	const user = pending.user!;
	if (!approved) {
		const declined = new AadstsError('access_denied', 65_004, 'User declined to consent to access the app.');
		redirect(exchange.response, redirectWith(pending.redirectUri, pending.responseMode, {error: declined.error, error_description: declined.message, state: pending.state}));
		return;
	}

	const code = context.authorizationCodes.issue({
		client: pending.client,
		redirectUri: pending.redirectUri,
		codeChallenge: pending.codeChallenge,
		codeChallengeMethod: pending.codeChallengeMethod,
		request: pending.request,
		claims: pending.claims,
		nonce: pending.nonce,
		signIn: {user, client: pending.client, authTime: context.clock.now(), amr: ['pwd'], acrs: pending.claims.acrs, xmsCc: pending.claims.xmsCc},
		session: tenantFor(context, pending.authority, user, pending.client),
	});
	redirect(exchange.response, redirectWith(pending.redirectUri, pending.responseMode, {code: code.code, state: pending.state, session_state: randomUUID()}));
}

function loginPage(context: EmulatorContext, exchange: Exchange, pending: PendingAuthorization, error?: string): void {
	const users = usersAt(context.directory, pending.authority);
	sendHtml(
		exchange.response,
		200,
		page(
			'Sign in',
			'form',
			html`<h1>Sign in</h1>
<p>to continue to <strong>${pending.client.displayName}</strong></p>
${errorBox(error)}
<form method="post" action="${exchange.url.pathname}">
<input type="hidden" name="tx" value="${pending.id}">
<input type="hidden" name="step" value="login">
<label for="username">Email or username</label>
<input type="text" id="username" name="username" value="${pending.loginHint ?? ''}" autocomplete="username" required${pending.loginHint ? '' : html` autofocus`}>
<label for="password">Password</label>
<input type="password" id="password" name="password" autocomplete="current-password"${pending.loginHint ? html` autofocus` : ''}>
${context.directory.passwordHints && users.length > 0 ? html`<p class="hint">Demo accounts: ${users.map(user => `${user.username} / ${user.password}`).join(', ')}</p>` : ''}
<div class="buttons"><button type="submit" class="primary">Sign in</button></div>
</form>`,
		),
	);
}

function consentPage(exchange: Exchange, pending: PendingAuthorization): void {
	sendHtml(
		exchange.response,
		200,
		page(
			'Permissions requested',
			'form',
			html`<h1>Permissions requested</h1>
<p>Signed in as ${pending.user?.username ?? ''}. <strong>${pending.client.displayName}</strong> wants to:</p>
${scopeList(pending.request, pending.client)}
<form method="post" action="${exchange.url.pathname}">
<input type="hidden" name="tx" value="${pending.id}">
<input type="hidden" name="step" value="consent">
<div class="buttons">
<button type="submit" name="decision" value="decline">Cancel</button>
<button type="submit" name="decision" value="approve" class="primary">Accept</button>
</div>
</form>`,
		),
	);
}
