/**
 * msid login: runs a sign-in and shows its progress on stderr — a live status line when
 * stderr is a terminal, plain lines otherwise (logs, CI, scripts).
 */
import {readFileSync} from 'node:fs';
import {CancelledError, UsageError} from '../model/errors.js';
import type {SignInRequest} from '../model/services.js';
import type {SignInEvent} from '../model/sign-in-events.js';
import type {Cloud, FlowKind, ProviderKind} from '../model/account.js';
import {splitScopeArgs} from './args.js';
import type {Command} from './context.js';
import type {loginSpec} from './spec/login.js';
import {readSecret, type SecretInput} from './secret-input.js';
import {createStatusLine} from './status-line.js';

export const login: Command<typeof loginSpec> = async ({options: values, positionals}, {services, stdin, stderr, signal}) => {
	if (values.name !== undefined && values.name.trim() === '') {
		throw new UsageError('--name is empty: give the account a name, or leave --name out for the default one.');
	}

	// The declaration's choices are the model's names: checked here at compile time.
	const provider: ProviderKind | undefined = values.provider;
	const flow: FlowKind | undefined = values.flow;
	const cloud: Cloud | undefined = values.cloud;
	const scopes = splitScopeArgs(values.scope);
	const accountQuery = positionals[0];
	const existing = accountQuery ? (await services.accounts.get(accountQuery)).record : undefined;
	const account = existing?.id;
	const effectiveFlow = flow ?? existing?.flow ?? 'device-code';
	const secrets = await flowSecrets(effectiveFlow, {certificate: values.certificate, username: values.username ?? existing?.username}, {stdin, stderr});
	const events = services.signIn({
		...secrets,
		...(account ? {accountId: account} : {}),
		...(provider ? {provider} : {}),
		...(flow ? {flow} : {}),
		...(cloud ? {cloud} : {}),
		...(values.tenant ? {tenant: values.tenant} : {}),
		...(values.issuer ? {issuer: values.issuer} : {}),
		...(values['client-id'] ? {clientId: values['client-id']} : {}),
		...(scopes ? {scopes} : {}),
		...(values.audience ? {audience: values.audience} : {}),
		...(values.name ? {name: values.name} : {}),
		...(values.claims ? {claims: checkClaims(values.claims)} : {}),
		...(values['no-browser'] ? {noBrowser: true} : {}),
		...(values['redirect-uri'] ? {redirectUri: values['redirect-uri']} : {}),
		signal,
	});
	await followSignIn(events, createStatusLine(stderr, services.clock));
	if (signal.aborted) {
		throw new CancelledError('Sign-in cancelled.');
	}

	return 0;
};

/** What each flow needs from the user besides options; secrets come from a prompt or stdin. */
async function flowSecrets(flow: FlowKind, given: {certificate?: string; username?: string}, io: SecretInput): Promise<Partial<SignInRequest>> {
	switch (flow) {
		case 'client-secret': {
			return {clientSecret: await readSecret('client secret', io)};
		}

		case 'certificate': {
			if (!given.certificate) {
				throw new UsageError('--flow certificate needs --certificate PEM (a file with the private key and the certificate).');
			}

			const encrypted = readText(given.certificate).includes('ENCRYPTED');
			return {certificatePath: given.certificate, ...(encrypted ? {certificatePassword: await readSecret('certificate password', io)} : {})};
		}

		case 'password': {
			if (!given.username) {
				throw new UsageError('--flow password needs --username.');
			}

			return {username: given.username, password: await readSecret('password', io)};
		}

		default: {
			return {};
		}
	}
}

function readText(path: string): string {
	try {
		return readFileSync(path, 'utf8');
	} catch (error) {
		const reason = (error as NodeJS.ErrnoException).code === 'ENOENT' ? 'no such file' : (error as Error).message;
		throw new UsageError(`Cannot read the certificate file ${path}: ${reason}.`);
	}
}

function checkClaims(claims: string): string {
	try {
		JSON.parse(claims);
	} catch {
		throw new UsageError('--claims must be JSON, e.g. \'{"access_token":{"acrs":{"essential":true,"value":"c1"}}}\'.');
	}

	return claims;
}

/** Shows a sign-in's progress until it ends; a failure is thrown as the error it carries. */
export async function followSignIn(events: AsyncIterable<SignInEvent>, status: ReturnType<typeof createStatusLine>): Promise<void> {
	try {
		for await (const event of events) {
			if (event.type === 'failure') {
				throw event.error;
			}

			report(event, status);
		}
	} finally {
		status.stop();
	}
}

function report(event: SignInEvent, status: ReturnType<typeof createStatusLine>): void {
	switch (event.type) {
		case 'code': {
			status.line(event.message ?? `To sign in, open ${event.verificationUri} and enter the code ${event.userCode}.`);
			status.line(`Code: ${event.userCode}`);
			status.spin('Waiting for you to approve the sign-in in the browser…', event.expiresAt);
			break;
		}

		case 'pending': {
			status.spin(`Waiting for approval (checked ${event.polls}×, every ${event.interval} s)…`);
			break;
		}

		case 'slow-down': {
			status.note(`The server asked msid to poll less often: now every ${event.interval} s.`);
			break;
		}

		case 'retrying': {
			status.note(`Could not check the sign-in (${event.reason}); retrying in ${status.secondsUntil(event.nextPollAt)} s.`);
			break;
		}

		case 'browser': {
			status.line(event.opened ? 'Opened the sign-in page in your browser.' : `Open this URL in a browser to sign in:\n${event.url}`);
			break;
		}

		case 'warning': {
			status.note(`Warning: ${event.message}`);
			break;
		}

		case 'success': {
			status.done(`Signed in as ${event.accountName}.`);
			break;
		}

		case 'failure': {
			break;
		}
	}
}
