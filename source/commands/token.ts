/**
 * msid token: a fresh access token on stdout, in the shape the consumer wants. This is the
 * one command whose output is a secret, so it writes nothing else to stdout.
 */
import {formatToken, tokenFormats} from './token-formats.js';
import {oneOf, parseCommandArgs, splitScopeArgs} from './args.js';
import type {Command} from './context.js';

export const tokenHelp = `Usage: msid token [ACCOUNT] [--scope S]... [--resource R] [--tenant T] [--format raw|json|az|k8s] [--copy] [--claims JSON]
Prints a fresh access token, refreshing it when fewer than 5 minutes (or half its lifetime) remain.`;

export const token: Command = async (argv, {services, stdout, stderr, signal}) => {
	const {values, positionals} = parseCommandArgs('token', argv, {
		scope: {type: 'string', multiple: true},
		resource: {type: 'string'},
		tenant: {type: 'string'},
		format: {type: 'string'},
		copy: {type: 'boolean'},
		claims: {type: 'string'},
		force: {type: 'boolean'},
	});
	if (values.help) {
		stdout.write(`${tokenHelp}\n`);
		return 0;
	}

	const format = oneOf('format', values.format, tokenFormats) ?? 'raw';
	const scopes = splitScopeArgs(values.scope);
	const fresh = await services.tokens.get({
		...(positionals[0] ? {account: positionals[0]} : {}),
		...(scopes ? {scopes} : {}),
		...(values.resource ? {resource: values.resource} : {}),
		...(values.tenant ? {tenant: values.tenant} : {}),
		...(values.claims ? {claims: values.claims} : {}),
		...(values.force ? {force: true} : {}),
		signal,
	});
	stdout.write(formatToken(format, fresh));
	if (values.copy) {
		await services.clipboard.write(fresh.accessToken);
		// Cleared later by a detached process, so this command can exit now.
		const {scheduleClipboardClear} = await import('./clear-clipboard.js');
		scheduleClipboardClear(fresh.accessToken);
		stderr.write('Copied the token to the clipboard; it is cleared in 45 s unless you copy something else.\n');
	}

	return 0;
};
