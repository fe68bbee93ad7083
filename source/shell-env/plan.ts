/**
 * What msid-env exports, decided without I/O: which token to ask for (command line, else the
 * directory's `.msid.json`) and which variables to set and remove so the shell ends up with
 * exactly one token variable, the one in effect.
 */
import {freshUntilSeconds} from '../app/accounts/refresh-rule.js';
import type {FreshToken} from '../model/services.js';
import type {EnvCommand} from './args.js';
import type {DirSelection} from './dir-config.js';
import type {EnvVars} from './emit.js';
import {renderExports, renderUnset} from './emit.js';
import type {ShellKind} from './shells.js';
import {varNameProblem} from './var-name.js';

export const defaultTokenVar = 'MSID_ACCESS_TOKEN';

/** The variables of the contract (docs/cli.md) plus the two the hook needs to follow selections. */
export const envVarNames = {
	expiresOn: 'MSID_TOKEN_EXPIRES_ON',
	/** The epoch second after which the hook renews the token (app/accounts/refresh-rule.ts). */
	refreshAt: 'MSID_TOKEN_REFRESH_AT',
	account: 'MSID_ACCOUNT',
	tenantId: 'MSID_TENANT_ID',
	/** The `.msid.json` in effect, so the hook sees when the directory's choice changes. */
	dirConfig: 'MSID_DIR_CONFIG',
	/** The token's variable when it is not MSID_ACCESS_TOKEN, so the next run can remove it. */
	tokenVar: 'MSID_TOKEN_VAR',
} as const;

export interface TokenSelection {
	account?: string;
	scopes: string[];
	resource?: string;
	varName: string;
	/** Set when an allowed `.msid.json` chose this. */
	dirConfigPath?: string;
}

type ExportCommand = Extract<EnvCommand, {kind: 'export'}>;

/** Whether the directory gets a say: only when the command line names no token of its own. */
export function wantsDirSelection(command: ExportCommand): boolean {
	return command.account === undefined && command.scopes.length === 0 && command.resource === undefined;
}

export function chooseSelection(command: ExportCommand, directory: DirSelection): TokenSelection {
	if (directory.kind !== 'allowed' || !wantsDirSelection(command)) {
		return {
			scopes: command.scopes,
			...(command.account !== undefined && {account: command.account}),
			...(command.resource !== undefined && {resource: command.resource}),
			varName: command.varName ?? defaultTokenVar,
		};
	}

	const {config} = directory;
	return {
		scopes: config.scopes ?? [],
		...(config.account !== undefined && {account: config.account}),
		...(config.resource !== undefined && {resource: config.resource}),
		varName: command.varName ?? config.var ?? defaultTokenVar,
		dirConfigPath: directory.path,
	};
}

export interface EnvUpdate {
	unset: string[];
	set: EnvVars;
}

type TokenFields = Pick<FreshToken, 'accessToken' | 'expiresAt' | 'accountName' | 'tenantId' | 'record'>;

export function envUpdate(token: TokenFields, selection: TokenSelection, env: Record<string, string | undefined>): EnvUpdate {
	const set: Array<[string, string]> = [
		[selection.varName, token.accessToken],
		[envVarNames.expiresOn, String(Math.floor(token.expiresAt / 1000))],
		[envVarNames.refreshAt, String(freshUntilSeconds(token.record))],
		[envVarNames.account, token.accountName],
	];
	const unset: string[] = [];
	const previous = previousTokenVar(env);
	if (previous !== selection.varName) {
		unset.push(previous);
	}

	const optional: Array<[string, string | undefined]> = [
		[envVarNames.tenantId, token.tenantId],
		[envVarNames.dirConfig, selection.dirConfigPath],
		[envVarNames.tokenVar, selection.varName === defaultTokenVar ? undefined : selection.varName],
	];
	for (const [name, value] of optional) {
		if (value === undefined) {
			unset.push(name);
		} else {
			set.push([name, value]);
		}
	}

	return {unset, set};
}

/** Everything msid-env may have set (`msid-env --unset`). */
export function unsetUpdate(varName: string | undefined, env: Record<string, string | undefined>): EnvUpdate {
	const tokenVars = new Set([varName ?? previousTokenVar(env), previousTokenVar(env)]);
	return {unset: [...tokenVars, ...Object.values(envVarNames)], set: []};
}

/**
 * The token variable a previous run set. Read from the environment, so it is checked like
 * `--var`: a planted MSID_TOKEN_VAR=PATH must not make msid-env print `unset PATH`.
 */
function previousTokenVar(env: Record<string, string | undefined>): string {
	const name = env[envVarNames.tokenVar];
	return name !== undefined && varNameProblem(name) === undefined ? name : defaultTokenVar;
}

export function renderEnvUpdate(shell: ShellKind, update: EnvUpdate): string {
	return renderUnset(shell, update.unset) + renderExports(shell, update.set);
}
