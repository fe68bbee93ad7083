/**
 * msid token: a fresh access token on stdout, in the shape the consumer wants. This is the
 * one command whose output is a secret, so it writes nothing else to stdout.
 */
import {execCredentialVersion, formatToken, type TokenFormat} from './token-formats.js';
import {splitScopeArgs} from './args.js';
import type {Command} from './context.js';
import type {tokenSpec} from './spec/token.js';

export const token: Command<typeof tokenSpec> = async ({options: values, positionals}, {services, runtime, stdout, stderr, signal}) => {
	const format: TokenFormat = values.format ?? 'raw';
	const scopes = splitScopeArgs(values.scope);
	const fresh = await services.tokens.get({
		...(positionals[0] ? {account: positionals[0]} : {}),
		...(scopes ? {scopes} : {}),
		...(values.resource ? {resource: values.resource} : {}),
		...(values.tenant ? {tenant: values.tenant} : {}),
		...(values.claims ? {claims: values.claims} : {}),
		...(values.force ? {force: true} : {}),
		...(values.cae ? {cae: true} : {}),
		...(format === 'az' ? {azDefault: true} : {}),
		signal,
	});
	stdout.write(formatToken(format, fresh, {k8sApiVersion: execCredentialVersion(runtime.env)}));
	if (values.copy) {
		await services.clipboard.writeSecret(fresh.accessToken);
		// Cleared later by a detached process, so this command can exit now.
		const {scheduleClipboardClear} = await import('./clear-clipboard.js');
		scheduleClipboardClear(fresh.accessToken);
		stderr.write('Copied the token to the clipboard; it is cleared in 45 s unless you copy something else.\n');
	}

	return 0;
};
