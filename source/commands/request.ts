/**
 * msid request: calls an API with a fresh token. When the API answers 401 with a claims
 * challenge (conditional access, continuous access evaluation), msid signs the account in
 * again asking for those claims and retries once: the challenge is never swallowed.
 */
import {printable} from '../model/printable.js';
import {CancelledError, MsidError, UsageError} from '../model/errors.js';
import {classifyFailure} from '../identity/protocol-errors.js';
import {parseClaimsChallenge} from '../identity/claims-challenge.js';
import {parseSecureUrl} from '../identity/loopback.js';
import type {FreshToken, TokenRequest} from '../model/services.js';
import {splitScopeArgs} from './args.js';
import type {Command, CommandContext} from './context.js';
import {requestMethods, type requestSpec} from './spec/request.js';
import {followSignIn} from './login.js';
import {createStatusLine} from './status-line.js';

const methods = new Set<string>(requestMethods);

export const request: Command<typeof requestSpec> = async ({options: values, positionals}, context) => {
	if (positionals.length < 2) {
		throw new UsageError('msid request needs a METHOD and a URL, e.g. msid request GET https://graph.microsoft.com/v1.0/me');
	}

	const [account, method, url] = positionals.length === 3 ? positionals : [undefined, ...positionals];
	const verb = method!.toUpperCase();
	if (!methods.has(verb)) {
		throw new UsageError(`"${method}" is not an HTTP method: use GET, POST, PUT, PATCH, DELETE, HEAD or OPTIONS.`);
	}

	// The token goes only over https, or http to this machine.
	const target = parseSecureUrl(url!, 'URL');
	const scopes = splitScopeArgs(values.scope);
	const tokenRequest: TokenRequest = {
		...(account ? {account} : {}),
		...(scopes ? {scopes} : {}),
		...(values.resource ? {resource: values.resource} : {}),
		signal: context.signal,
	};
	const send = async (token: FreshToken) => {
		try {
			return await context.runtime.fetch(target, {
				method: verb,
				headers: headers(token, values.header ?? [], values.data),
				...(values.data === undefined ? {} : {body: values.data}),
				signal: context.signal,
			});
		} catch (error) {
			const failure = classifyFailure(error);
			if (failure.kind === 'cancelled') {
				throw new CancelledError();
			}

			throw new MsidError('network', `Could not reach ${target.host}: ${'reason' in failure ? failure.reason : 'network error'}.`);
		}
	};

	const token = await context.services.tokens.get(tokenRequest);
	let response = await send(token);
	const challenge = response.status === 401 ? parseClaimsChallenge(response.headers.get('www-authenticate')) : undefined;
	if (challenge) {
		await response.body?.cancel();
		context.stderr.write(`msid: ${target.host} asks for a new sign-in with more claims (conditional access); signing ${printable(token.accountName)} in again.\n`);
		await signInAgain(context, token.accountId, challenge.claims);
		response = await send(await context.services.tokens.get({...tokenRequest, account: token.accountId}));
	}

	context.stdout.write(Buffer.from(await response.arrayBuffer()));
	if (!response.ok) {
		context.stderr.write(`msid: ${verb} ${target.origin}${target.pathname} answered ${response.status} ${printable(response.statusText)}.\n`);
		return 1;
	}

	return 0;
};

async function signInAgain(context: CommandContext, accountId: string, claims: string): Promise<void> {
	const events = context.services.signIn({accountId, claims, signal: context.signal});
	await followSignIn(events, createStatusLine(context.stderr, context.services.clock));
}

function headers(token: FreshToken, extra: string[], data: string | undefined): Headers {
	const result = new Headers();
	for (const line of extra) {
		const colon = line.indexOf(':');
		if (colon <= 0) {
			throw new UsageError(`--header "${line}" is not "Name: value".`);
		}

		result.append(line.slice(0, colon).trim(), line.slice(colon + 1).trim());
	}

	if (data !== undefined && !result.has('content-type')) {
		result.set('content-type', looksLikeJson(data) ? 'application/json' : 'application/x-www-form-urlencoded');
	}

	result.set('authorization', `${token.tokenType} ${token.accessToken}`);
	return result;
}

function looksLikeJson(text: string): boolean {
	try {
		JSON.parse(text);
		return true;
	} catch {
		return false;
	}
}
