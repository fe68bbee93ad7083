/**
 * msid exec: runs a command with a fresh token in its environment only, so the token never
 * sits in the shell's environment or history. The child shares the terminal, receives the
 * signals that end msid, and its exit status becomes msid's, the way a shell reports it.
 */
import {UsageError} from '../model/errors.js';
import {defaultTokenVar, envUpdate} from '../shell-env/plan.js';
import {validateVarName} from '../shell-env/var-name.js';
import {CommandStartError, runWithEnv} from '../system/exec.js';
import {splitScopeArgs} from './args.js';
import type {Command} from './context.js';
import type {Runtime} from '../app/runtime/runtime.js';
import type {ServedIdentity} from '../app/integrations/serve-identity.js';
import type {Services} from '../model/services.js';
import type {AccountRecord} from '../model/account.js';
import type {execSpec} from './spec/exec.js';

export const exec: Command<typeof execSpec> = async ({options: values, positionals, rest}, {runtime, services, stderr, signal}) => {
	const [command, ...args] = rest;
	if (command === undefined || command === '') {
		throw new UsageError('Name the command to run after --.', 'Example: msid exec -- az account show');
	}

	const scopes = splitScopeArgs(values.scope);
	if (scopes && values.resource !== undefined) {
		throw new UsageError('Use --scope or --resource, not both: --resource R asks for R/.default.');
	}

	const varName = values.var === undefined ? defaultTokenVar : validateVarName(values.var);
	const identity = values['serve-identity'] ? await entraAccount(services, positionals[0]) : undefined;
	const fresh = await services.tokens.get({
		...(positionals[0] ? {account: positionals[0]} : {}),
		...(scopes ? {scopes} : {}),
		...(values.resource ? {resource: values.resource} : {}),
		signal,
	});
	// The same variables msid-env would export, and the stale ones a shell may carry removed.
	const update = envUpdate(fresh, {scopes: scopes ?? [], varName}, runtime.env);
	const served = identity ? await serve(services, identity, runtime) : undefined;
	try {
		// No cancel signal here: msid's SIGINT and SIGTERM are forwarded and the child decides.
		return await runWithEnv({
			command,
			args,
			env: {...Object.fromEntries(update.set), ...served?.env},
			unset: [...update.unset, ...(served?.unset ?? [])],
		});
	} catch (error) {
		if (error instanceof CommandStartError) {
			stderr.write(`msid: ${error.message}. ${error.hint ?? ''}`.trimEnd() + '\n');
			return error.shellStatus;
		}

		throw error;
	} finally {
		await served?.close();
	}
};

/** Managed identity is Entra's protocol: a resource means `{resource}/.default` at Entra. */
async function entraAccount(services: Services, name: string | undefined): Promise<AccountRecord> {
	const {record} = await services.accounts.get(name);
	if (record.provider.kind !== 'entra') {
		throw new UsageError(`--serve-identity serves Entra accounts; ${record.name} is an ${record.provider.kind} account.`);
	}

	return record;
}

async function serve(services: Services, account: AccountRecord, runtime: Runtime): Promise<ServedIdentity> {
	const {serveIdentity} = await import('../app/integrations/serve-identity.js');
	return serveIdentity(services.tokens, {account: account.id, clientId: account.provider.clientId, clock: runtime.clock});
}
