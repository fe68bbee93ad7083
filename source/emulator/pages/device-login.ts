/**
 * The verification page of the device code flow (`/devicelogin`): enter the code, pick an
 * account, approve or decline. It drives the same state the token endpoint polls.
 */
import {AadstsError} from '../aadsts-error.js';
import {readForm, sendHtml, type Exchange} from '../http.js';
import {checkPassword, tenantFor, usersAt} from '../sign-in.js';
import {errorBox, signInFields} from './sign-in-form.js';
import {html, page} from './html.js';
import type {EmulatorContext} from '../context.js';
import type {DeviceCodeRecord} from '../device-codes.js';

const PATH = '/devicelogin';

export async function handleDeviceLogin(context: EmulatorContext, exchange: Exchange): Promise<void> {
	if (exchange.request.method !== 'POST') {
		codePage(exchange, exchange.url.searchParams.get('otc') ?? '');
		return;
	}

	const form = await readForm(exchange.request);
	const userCode = form.get('otc') ?? '';
	const record = context.deviceCodes.byUserCode(userCode);
	const problem = !record ? "That code wasn't recognized. Check the code and try again." : usableProblem(context, record);
	if (!record || problem) {
		codePage(exchange, userCode, problem);
		return;
	}

	if (form.get('step') !== 'signin') {
		signInPage(context, exchange, record);
		return;
	}

	if (form.get('decision') === 'decline') {
		record.status = 'declined';
		result(exchange, 'declined', 'Sign-in declined', html`<p>You declined to sign in to <strong>${record.client.displayName}</strong>. You can close this window.</p>`);
		return;
	}

	const username = form.get('username') ?? '';
	try {
		const user = checkPassword(context.directory, username, form.get('password') ?? '');
		const session = tenantFor(context, record.authority, user, record.client);
		record.status = 'approved';
		record.approval = {
			signIn: {user, client: record.client, authTime: context.clock.now(), amr: ['pwd'], acrs: record.claims.acrs, xmsCc: record.claims.xmsCc},
			session,
		};
		result(
			exchange,
			'approved',
			'Signed in',
			html`<p>You have signed in to the <strong>${record.client.displayName}</strong> application on your device as ${user.username} (${session.tenant.displayName}). You can close this window.</p>`,
		);
	} catch (error) {
		if (!(error instanceof AadstsError)) {
			throw error;
		}

		const message = error.code === 50_126 ? 'Your account or password is incorrect.' : `AADSTS${error.code}: ${error.description}`;
		signInPage(context, exchange, record, username, message);
	}
}

function usableProblem(context: EmulatorContext, record: DeviceCodeRecord): string | undefined {
	if (context.deviceCodes.isExpired(record)) {
		return 'That code has expired. Go back to the application and ask for a new code.';
	}

	return record.status === 'pending' ? undefined : 'That code has already been used. Go back to the application and ask for a new code.';
}

function codePage(exchange: Exchange, userCode: string, error?: string): void {
	sendHtml(
		exchange.response,
		200,
		page(
			'Enter code',
			'form',
			html`<h1>Enter code</h1>
<p>Enter the code displayed on your app or device.</p>
${errorBox(error)}
<form method="post" action="${PATH}">
<input type="hidden" name="step" value="code">
<label for="otc">Code</label>
<input type="text" id="otc" name="otc" class="code" value="${userCode}" autocomplete="off" autofocus required>
<div class="buttons"><button type="submit" class="primary">Next</button></div>
</form>`,
		),
	);
}

function signInPage(context: EmulatorContext, exchange: Exchange, record: DeviceCodeRecord, selectedUsername?: string, error?: string): void {
	const users = usersAt(context.directory, record.authority);
	sendHtml(
		exchange.response,
		200,
		page(
			'Sign in',
			'form',
			html`<h1>Sign in</h1>
<p>You are signing in to <strong>${record.client.displayName}</strong> on another device. Only continue if you started this sign-in yourself.</p>
<form method="post" action="${PATH}">
<input type="hidden" name="step" value="signin">
<input type="hidden" name="otc" value="${record.userCode}">
${signInFields({client: record.client, request: record.request, users, selectedUsername, passwordHints: context.directory.passwordHints ?? false, error})}
</form>`,
		),
	);
}

function result(exchange: Exchange, outcome: 'approved' | 'declined', title: string, body: ReturnType<typeof html>): void {
	sendHtml(exchange.response, 200, page(title, outcome, html`<h1>${title}</h1>${body}`));
}
