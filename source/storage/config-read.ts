/**
 * Reading config.json fast: plain fs and JSON.parse with a cheap shape check, so msid-env and
 * the prompt hook never load conf and ajv. Writes go through config-store.ts.
 */
import {readFileSync} from 'node:fs';
import {homedir} from 'node:os';
import path from 'node:path';
import {MsidError} from '../model/errors.js';
import type {ConfigData} from '../model/account.js';

export const configFileName = 'config.json';

/**
 * msid's config folder: MSID_CONFIG_DIR, else the platform's config dir for "msid" as conf
 * (through env-paths, with no "-nodejs" suffix) computes it, so both always agree.
 */
export function configDir(env: NodeJS.ProcessEnv): string {
	if (env['MSID_CONFIG_DIR']) {
		return path.resolve(env['MSID_CONFIG_DIR']);
	}

	const home = homedir();
	switch (process.platform) {
		case 'darwin': {
			return path.join(home, 'Library', 'Preferences', 'msid');
		}

		case 'win32': {
			return path.join(env['APPDATA'] ?? path.join(home, 'AppData', 'Roaming'), 'msid', 'Config');
		}

		default: {
			return path.join(env['XDG_CONFIG_HOME'] ?? path.join(home, '.config'), 'msid');
		}
	}
}

export function configPath(env: NodeJS.ProcessEnv): string {
	return path.join(configDir(env), configFileName);
}

export function emptyConfig(): ConfigData {
	return {version: 1, accounts: {}};
}

/** The config, or an empty one when there is no file yet. Throws MsidError('config-corrupt'). */
export function readConfig(env: NodeJS.ProcessEnv): ConfigData {
	const file = configPath(env);
	let text: string;
	try {
		text = readFileSync(file, 'utf8');
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			return emptyConfig();
		}

		throw error;
	}

	return parseConfig(text, file);
}

export function parseConfig(text: string, file: string): ConfigData {
	let data: unknown;
	// A file edited and saved on Windows may begin with a UTF-8 byte order mark; JSON has none.
	const json = text.replace(/^\uFEFF/, '');
	try {
		data = JSON.parse(json);
	} catch (error) {
		throw corrupt(file, `is not valid JSON${jsonErrorPlace(json, error)}`, error);
	}

	const problem = shapeProblem(data);
	if (problem !== undefined) {
		throw corrupt(file, `is not an msid config (${problem})`);
	}

	return data as ConfigData;
}

export function corrupt(file: string, what: string, cause?: unknown): MsidError {
	return new MsidError(
		'config-corrupt',
		`Config file ${file} ${what}.`,
		{remedy: {kind: 'fix-file', path: file}, ...(cause === undefined ? {} : {cause})},
	);
}

/** Where JSON.parse stopped, as " (line L, column C)", or nothing when V8 did not say. */
function jsonErrorPlace(text: string, error: unknown): string {
	const message = error instanceof Error ? error.message : '';
	const lineColumn = /line (\d+) column (\d+)/.exec(message);
	if (lineColumn) {
		return ` (line ${lineColumn[1]}, column ${lineColumn[2]})`;
	}

	const position = /at position (\d+)/.exec(message);
	if (position) {
		const before = text.slice(0, Number(position[1])).split('\n');
		return ` (line ${before.length}, column ${before.at(-1)!.length + 1})`;
	}

	return text.trim() === '' ? ' (the file is empty)' : '';
}

/**
 * A cheap structural check: enough to be sure the rest of msid can walk the data. The full
 * JSON schema (config-schema.ts) is applied on every write.
 */
function shapeProblem(data: unknown): string | undefined {
	if (!isObject(data)) {
		return 'the top level is not an object';
	}

	if (data['version'] !== 1) {
		return 'version is not 1';
	}

	if (data['defaultAccount'] !== undefined && typeof data['defaultAccount'] !== 'string') {
		return 'defaultAccount is not a string';
	}

	if (!isObject(data['accounts'])) {
		return 'accounts is not an object';
	}

	for (const [key, account] of Object.entries(data['accounts'])) {
		const problem = accountProblem(account);
		if (problem !== undefined) {
			return `account ${JSON.stringify(key)}: ${problem}`;
		}
	}

	return undefined;
}

function accountProblem(account: unknown): string | undefined {
	if (!isObject(account)) {
		return 'not an object';
	}

	for (const field of ['id', 'name']) {
		if (typeof account[field] !== 'string') {
			return `${field} is not a string`;
		}
	}

	for (const field of ['provider', 'tokens']) {
		if (!isObject(account[field])) {
			return `${field} is not an object`;
		}
	}

	for (const field of ['scopes', 'tenants']) {
		if (!Array.isArray(account[field])) {
			return `${field} is not a list`;
		}
	}

	return undefined;
}

function isObject(value: unknown): value is Record<string, unknown> {
	return typeof value === 'object' && value !== null && !Array.isArray(value);
}
