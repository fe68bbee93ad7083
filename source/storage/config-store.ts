/**
 * config.json: msid's metadata (accounts, tenants, scopes, expiry times; never a secret).
 *
 * Reads are plain and fast (config-read.ts). Every change is a read-modify-write under the
 * cross-process "config" lock, so two msid processes never lose each other's updates.
 *
 * conf is built around one long-lived instance that caches nothing but re-reads on access;
 * msid instead needs "re-read, mutate, write" as one step under a lock. So each write makes a
 * short-lived Conf inside the lock, after our own read, and uses it for what conf does well:
 * the platform path (we pass the same folder), JSON schema validation with ajv, and an atomic
 * write (temp file + rename) with mode 0600. Its constructor reads and validates the file
 * again; we hold the lock, so it sees the bytes we just checked. conf is imported dynamically
 * so that readers never load it or ajv.
 *
 * A corrupt file (not JSON, wrong shape, or failing the schema) stops every write before
 * anything is written: msid never overwrites what the user may want to repair.
 */
import {mkdir} from 'node:fs/promises';
import {MsidError} from '../model/errors.js';
import type {ConfigData} from '../model/account.js';
import {configDir, configFileName, configPath, corrupt, emptyConfig, readConfig} from './config-read.js';
import {configProperties, configRootSchema} from './config-schema.js';
import {withLock} from './lock.js';

export {configDir, configPath, emptyConfig, readConfig} from './config-read.js';

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
		const data = readConfig(env);
		await mutate(data);
		await writeConfig(dir, data, configPath(env));
		return data;
	}, {dir, ...options});
}

async function writeConfig(dir: string, data: ConfigData, file: string): Promise<void> {
	const {default: Conf} = await import('conf');
	let conf;
	try {
		conf = new Conf<Record<string, unknown>>({
			projectName: 'msid',
			projectSuffix: '',
			cwd: dir,
			configName: configFileName.replace(/\.json$/, ''),
			schema: configProperties,
			rootSchema: configRootSchema,
			// Lets the constructor validate a missing file as an empty config (it then writes that).
			defaults: {...emptyConfig()},
			configFileMode: 0o600,
			accessPropertiesByDotNotation: false,
			clearInvalidConfig: false,
		});
	} catch (error) {
		throw corrupt(file, `does not match msid's config schema (${schemaViolations(error)})`, error);
	}

	try {
		conf.store = data as unknown as Record<string, unknown>;
	} catch (error) {
		throw new MsidError(
			'config-invalid',
			`msid refused to write an invalid config to ${file} (${schemaViolations(error)}); the file was not changed. Please report this.`,
			{cause: error},
		);
	}
}

/** ajv's findings name paths and rules, never the values, so they are safe to show. */
function schemaViolations(error: unknown): string {
	const message = error instanceof Error ? error.message : String(error);
	return message.replace(/^Config schema violation: /, '');
}
