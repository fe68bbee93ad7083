/**
 * config.json: msid's metadata (accounts, tenants, scopes, expiry times; never a secret).
 *
 * Reads are plain and fast (config-read.ts). Every change is a read-modify-write under the
 * cross-process "config" lock, so two msid processes never lose each other's updates.
 *
 * Each write validates the whole result against the JSON schema (config-schema.ts, with ajv,
 * as conf did for msid before) and then goes through msid's one atomic writer (atomic-file.ts:
 * temp file, fsync, rename, with the bounded retry Windows needs), like every other file msid
 * owns. The file already there is checked against the schema first. ajv is imported
 * dynamically so that readers never load it.
 *
 * A corrupt file (not JSON, wrong shape, or failing the schema) stops every write before
 * anything is written: msid never overwrites what the user may want to repair.
 */
import {mkdir} from 'node:fs/promises';
import {MsidError} from '../model/errors.js';
import type {ConfigData} from '../model/account.js';
import {configDir, configPath, corrupt, readConfig} from './config-read.js';
import {configProperties, configRootSchema} from './config-schema.js';
import {withLock} from './lock.js';
import {writePrivateFileAtomically} from './atomic-file.js';

export {configDir, configPath, readConfig} from './config-read.js';

export interface UpdateConfigOptions {
	/** Stops waiting for the lock. */
	signal?: AbortSignal;
}

/** Applies `mutate` to the current config and writes the result; resolves with what was written. */
export async function updateConfig(
	env: NodeJS.ProcessEnv,
	mutate: (data: ConfigData) => void | Promise<void>,
	options: UpdateConfigOptions = {},
): Promise<ConfigData> {
	const dir = configDir(env);
	await mkdir(dir, {recursive: true, mode: 0o700});
	return withLock('config', async () => {
		const file = configPath(env);
		const data = readConfig(env);
		const validate = await configValidator();
		const found = validate(data);
		if (found) {
			throw corrupt(file, `does not match msid's config schema (${found})`);
		}

		await mutate(data);
		// Fields set to undefined are left out, as JSON leaves them out.
		const text = `${JSON.stringify(data, undefined, '\t')}\n`;
		const problem = validate(JSON.parse(text));
		if (problem) {
			throw new MsidError(
				'config-invalid',
				`msid refused to write an invalid config to ${file} (${problem}); the file was not changed. Please report this.`,
			);
		}

		await writePrivateFileAtomically(file, text);
		return JSON.parse(text) as ConfigData;
	}, {dir, ...options});
}

type Validate = (data: unknown) => string | undefined;
let validator: Promise<Validate> | undefined;


/** ajv's findings name paths and rules, never the values, so they are safe to show. */
async function configValidator(): Promise<Validate> {
	validator ??= (async () => {
		// The default export: the build hands CommonJS modules over as their module.exports.
		const {default: {Ajv}} = await import('ajv');
		const check = new Ajv({allErrors: true}).compile({...configRootSchema, type: 'object', properties: configProperties});
		return (data: unknown) => check(data)
			? undefined
			: (check.errors ?? []).map(({instancePath, message = ''}) => `\`${instancePath.slice(1)}\` ${message}`).join('; ');
	})();
	return validator;
}
