/**
 * msid exec: runs a command with a fresh token in its environment only, so the token never
 * sits in the shell's environment or history. The child shares the terminal, receives the
 * signals that end msid, and its exit status becomes msid's, the way a shell reports it.
 */
import {UsageError} from '../model/errors.js';
import {defaultTokenVar, envUpdate} from '../shell-env/plan.js';
import {validateVarName} from '../shell-env/var-name.js';
import {CommandStartError, runWithEnv} from '../system/exec.js';
import {parseCommandArgs, splitScopeArgs} from './args.js';
import type {Command} from './context.js';

export const execHelp = `Usage: msid exec [ACCOUNT] [--scope S]... [--resource R] [--var NAME] -- COMMAND [ARGS...]
Runs COMMAND with a fresh access token in its environment only: MSID_ACCESS_TOKEN (or NAME),
MSID_TOKEN_EXPIRES_ON, MSID_ACCOUNT and MSID_TENANT_ID. Exits with the command's status.`;

export const exec: Command = async (argv, {runtime, services, stderr, signal}) => {
	// Everything after the first -- belongs to the command, options that look like msid's too.
	const separator = argv.indexOf('--');
	const own = separator === -1 ? argv : argv.slice(0, separator);
	const {values, positionals} = parseCommandArgs('exec', own, {
		scope: {type: 'string', multiple: true},
		resource: {type: 'string'},
		var: {type: 'string'},
	});
	if (values.help) {
		stderr.write(`${execHelp}\n`);
		return 0;
	}

	const [command, ...args] = separator === -1 ? [] : argv.slice(separator + 1);
	if (command === undefined || command === '') {
		throw new UsageError('Name the command to run after --.', 'Example: msid exec -- az account show');
	}

	const scopes = splitScopeArgs(values.scope);
	if (scopes && values.resource !== undefined) {
		throw new UsageError('Use --scope or --resource, not both: --resource R asks for R/.default.');
	}

	const varName = values.var === undefined ? defaultTokenVar : validateVarName(values.var);
	const fresh = await services.tokens.get({
		...(positionals[0] ? {account: positionals[0]} : {}),
		...(scopes ? {scopes} : {}),
		...(values.resource ? {resource: values.resource} : {}),
		signal,
	});
	// The same variables msid-env would export, and the stale ones a shell may carry removed.
	const update = envUpdate(fresh, {scopes: scopes ?? [], varName}, runtime.env);
	try {
		// No cancel signal here: msid's SIGINT and SIGTERM are forwarded and the child decides.
		return await runWithEnv({command, args, env: Object.fromEntries(update.set), unset: update.unset});
	} catch (error) {
		if (error instanceof CommandStartError) {
			stderr.write(`msid: ${error.message}. ${error.hint ?? ''}`.trimEnd() + '\n');
			return error.shellStatus;
		}

		throw error;
	}
};
