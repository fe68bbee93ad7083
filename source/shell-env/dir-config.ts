/**
 * Per-directory accounts, like direnv: the nearest `.msid.json` up from the shell's directory
 * chooses what the prompt hook exports. A file takes effect only once the user has run
 * `msid allow` for exactly its current bytes, so a cloned repository cannot pick tokens by
 * itself, and an edited file needs allowing again.
 */
import {createHash} from 'node:crypto';
import {mkdirSync, readFileSync, realpathSync, statSync} from 'node:fs';
import {basename, dirname, join, resolve} from 'node:path';
import {MsidError} from '../model/errors.js';
import {printable} from '../model/printable.js';
import {writePrivateFileAtomicallySync} from '../storage/atomic-file.js';
import {varNameProblem} from './var-name.js';

export const dirConfigFileName = '.msid.json';

export interface DirConfig {
	account?: string;
	scopes?: string[];
	resource?: string;
	/** Export the token under this name instead of MSID_ACCESS_TOKEN. */
	var?: string;
}

export type DirSelection =
	| {kind: 'none'}
	| {kind: 'unallowed'; path: string; notice: string}
	| {kind: 'allowed'; path: string; config: DirConfig};

/**
 * The nearest `.msid.json` in `cwd` or a parent. Builds the same path strings as the hooks'
 * builtin-only walk (`$dir/.msid.json`, dropping one `/part` at a time), so the two compare equal.
 */
export function findDirConfig(cwd: string): string | undefined {
	for (let directory = resolve(cwd); ; directory = dirname(directory)) {
		const candidate = join(directory, dirConfigFileName);
		if (isFile(candidate)) {
			return candidate;
		}

		if (dirname(directory) === directory) {
			return undefined;
		}
	}
}

function isFile(path: string): boolean {
	try {
		return statSync(path).isFile();
	} catch {
		return false;
	}
}

/**
 * The shell's idea of the current directory: `$PWD` keeps the symlinks the user went through
 * (process.cwd() resolves them), and the hook compares paths built from `$PWD`.
 */
export function logicalCwd(env: Record<string, string | undefined>, cwd = process.cwd()): string {
	const pwd = env['PWD'];
	if (pwd?.startsWith('/')) {
		try {
			const here = statSync(cwd);
			const there = statSync(pwd);
			if (here.dev === there.dev && here.ino === there.ino) {
				return pwd;
			}
		} catch {}
	}

	return cwd;
}

const knownKeys = new Set(['account', 'scopes', 'resource', 'var']);

/** Reads a `.msid.json`, refusing anything it does not understand rather than guessing. */
export function parseDirConfig(text: string, source = dirConfigFileName): DirConfig {
	const invalid = (problem: string) =>
		new MsidError('dir-config-invalid', `${printable(source)}: ${problem}`, {hint: 'Fix the file, then run `msid allow` in its directory.'});
	let data: unknown;
	try {
		// Editors on Windows may save a UTF-8 byte order mark; it is not part of the JSON.
		data = JSON.parse(text.replace(/^\uFEFF/, ''));
	} catch (error) {
		throw invalid(`not valid JSON (${error instanceof Error ? error.message : String(error)})`);
	}

	if (typeof data !== 'object' || data === null || Array.isArray(data)) {
		throw invalid('expected a JSON object like {"account": "work", "scopes": ["User.Read"]}');
	}

	const record = data as Record<string, unknown>;
	const unknown = Object.keys(record).filter(key => !knownKeys.has(key));
	if (unknown.length > 0) {
		throw invalid(`unknown ${unknown.length === 1 ? 'key' : 'keys'} ${unknown.map(key => JSON.stringify(key)).join(', ')}; use account, scopes or resource, and var`);
	}

	const config: DirConfig = {};
	const optionalText = (key: string): string | undefined => {
		const value = record[key];
		if (value === undefined) {
			return undefined;
		}

		if (typeof value !== 'string' || value.trim() === '') {
			throw invalid(`"${key}" must be a non-empty string`);
		}

		return value.trim();
	};

	const account = optionalText('account');
	const resource = optionalText('resource');
	const varName = optionalText('var');
	if (account !== undefined) {
		config.account = account;
	}

	if (record['scopes'] !== undefined) {
		const scopes = record['scopes'];
		if (!Array.isArray(scopes) || scopes.length === 0 || !scopes.every(scope => typeof scope === 'string' && /^\S+$/.test(scope))) {
			throw invalid('"scopes" must be a non-empty list of scopes, each without spaces');
		}

		if (resource !== undefined) {
			throw invalid('use "scopes" or "resource", not both');
		}

		config.scopes = scopes as string[];
	}

	if (resource !== undefined) {
		config.resource = resource;
	}

	if (varName !== undefined) {
		const problem = varNameProblem(varName);
		if (problem) {
			throw invalid(`"var": ${problem}; pick a name of your own, e.g. "GRAPH_TOKEN"`);
		}

		config.var = varName;
	}

	return config;
}

export type AllowState = 'allowed' | 'changed' | 'unknown';

export interface AllowStore {
	/** Allows the file as it is now; returns its sha256. */
	allow(path: string): string;
	isAllowed(path: string, bytes: Uint8Array): boolean;
	/** 'changed': allowed once, but the bytes differ from the ones allowed. */
	check(path: string, bytes: Uint8Array): AllowState;
	/** Returns whether the file had been allowed. */
	revoke(path: string): boolean;
}

export interface AllowStoreOptions {
	/**
	 * Whether the file system holding a path ignores case. Default: probed on the file itself
	 * (APFS and NTFS usually do, Linux file systems do not). Tests inject the answer.
	 */
	caseInsensitive?: (path: string) => boolean;
}

/**
 * The allow store: `<configDir>/allowed.json`, the file's key -> sha256 of its bytes. The key is
 * the real path (symlinks resolved), case-folded where the file system ignores case, so every
 * spelling of one file is one allowance: `msid allow --revoke` from another spelling revokes it.
 */
export function allowedDirConfigs(configDir: string, options: AllowStoreOptions = {}): AllowStore {
	const storePath = join(configDir, 'allowed.json');
	const caseInsensitive = options.caseInsensitive ?? probeCaseInsensitive;
	const keyOf = (path: string): string => {
		let real: string;
		try {
			real = realpathSync(path);
		} catch {
			real = resolve(path);
		}

		return caseInsensitive(real) ? real.normalize('NFC').toLowerCase() : real;
	};

	const load = (): Record<string, string> => {
		try {
			const data: unknown = JSON.parse(readFileSync(storePath, 'utf8').replace(/^\uFEFF/, ''));
			return typeof data === 'object' && data !== null && !Array.isArray(data) ? (data as Record<string, string>) : {};
		} catch {
			// Missing or unreadable: nothing is allowed, which is the safe reading.
			return {};
		}
	};

	const save = (entries: Record<string, string>) => {
		mkdirSync(configDir, {recursive: true, mode: 0o700});
		writePrivateFileAtomicallySync(storePath, `${JSON.stringify(entries, null, '\t')}\n`);
	};

	const check = (path: string, bytes: Uint8Array): AllowState => {
		const entries = load();
		const key = keyOf(path);
		const allowed = Object.hasOwn(entries, key) ? entries[key] : undefined;
		if (allowed === undefined) {
			return 'unknown';
		}

		return allowed === sha256(bytes) ? 'allowed' : 'changed';
	};

	return {
		allow(path) {
			const hash = sha256(readFileSync(path));
			save({...load(), [keyOf(path)]: hash});
			return hash;
		},
		isAllowed: (path, bytes) => check(path, bytes) === 'allowed',
		check,
		revoke(path) {
			const entries = load();
			const key = keyOf(path);
			if (!Object.hasOwn(entries, key)) {
				return false;
			}

			delete entries[key];
			save(entries);
			return true;
		},
	};
}

/**
 * A file system ignores case when the file's name with its case swapped names the same file.
 * A name without letters cannot tell; its folder's name is tried instead.
 */
function probeCaseInsensitive(path: string): boolean {
	for (let current = path; current !== dirname(current); current = dirname(current)) {
		const name = basename(current);
		const swapped = [...name].map(character => (character === character.toLowerCase() ? character.toUpperCase() : character.toLowerCase())).join('');
		if (swapped === name) {
			continue;
		}

		try {
			const original = statSync(current);
			const other = statSync(join(dirname(current), swapped));
			return original.ino === other.ino && original.dev === other.dev;
		} catch {
			return false;
		}
	}

	return false;
}

function sha256(bytes: Uint8Array): string {
	return createHash('sha256').update(bytes).digest('hex');
}

/** What the nearest `.msid.json` means for a shell in `cwd`. */
export function resolveDirSelection(cwd: string, configDir: string): DirSelection {
	const path = findDirConfig(cwd);
	if (path === undefined) {
		return {kind: 'none'};
	}

	let bytes: Buffer;
	try {
		bytes = readFileSync(path);
	} catch (error) {
		if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
			return {kind: 'none'};
		}

		throw new MsidError('dir-config-unreadable', `Cannot read ${printable(path)}: ${(error as Error).message}`, {cause: error});
	}

	const state = allowedDirConfigs(configDir).check(path, bytes);
	if (state !== 'allowed') {
		return {kind: 'unallowed', path, notice: unallowedNotice(path, state)};
	}

	let text: string;
	try {
		text = new TextDecoder('utf-8', {fatal: true}).decode(bytes);
	} catch {
		throw new MsidError('dir-config-invalid', `${printable(path)}: not UTF-8 text.`);
	}

	return {kind: 'allowed', path, config: parseDirConfig(text, path)};
}

function unallowedNotice(path: string, state: 'changed' | 'unknown'): string {
	const where = printable(dirname(path));
	return state === 'changed'
		? `msid: ${printable(path)} changed since it was allowed; if you trust it, run \`msid allow\` in ${where} again.`
		: `msid: ${printable(path)} wants to choose this shell's token; if you trust it, run \`msid allow\` in ${where}.`;
}
