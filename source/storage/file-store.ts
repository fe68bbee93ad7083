/**
 * The explicit, insecure secret store (MSID_STORE=file): every secret in one JSON file,
 * `<configDir>/secrets.json`, readable by anyone who can read that file. It exists for
 * machines without a keychain (containers, CI); the caller warns on every use through
 * `onUse`, and this module never prints anything itself.
 *
 * Format: {"version": 1, "services": {"<service name>": {"<key>": "<value>"}}}. The file has
 * no size limit per entry, so values are stored whole.
 *
 * The file is created 0600 and narrowed back to 0600 if found wider. Writes replace it
 * atomically, and each read-modify-write holds the "secrets" lock, so writers in several
 * processes never lose each other's keys.
 */
import {chmod, mkdir, readFile, stat} from 'node:fs/promises';
import path from 'node:path';
import {MsidError} from '../model/errors.js';
import {writePrivateFileAtomically} from './atomic-file.js';
import {withLock} from './lock.js';
import type {SecretStore} from './secret-store.js';

export const secretsFileName = 'secrets.json';

export interface FileStoreOptions {
	configDir: string;
	/** Keeps profiles and tests apart like the keychain's service name. Default 'msid'. */
	service?: string;
	/** Called at the start of every operation, so the caller can warn that secrets are in a plain file. */
	onUse?: () => void;
}

interface SecretsFile {
	version: 1;
	services: Record<string, Record<string, string>>;
}

export class FileStore implements SecretStore {
	readonly kind = 'file';
	readonly listsSilently = true;
	readonly file: string;
	private readonly service: string;

	constructor(private readonly options: FileStoreOptions) {
		this.file = path.join(options.configDir, secretsFileName);
		this.service = options.service ?? 'msid';
	}

	async get(key: string): Promise<string | undefined> {
		this.options.onUse?.();
		const secrets = (await this.read()).services[this.service] ?? {};
		return Object.hasOwn(secrets, key) ? secrets[key] : undefined;
	}

	async set(key: string, value: string): Promise<void> {
		this.options.onUse?.();
		await this.update(secrets => {
			secrets[key] = value;
		});
	}

	async delete(key: string): Promise<boolean> {
		this.options.onUse?.();
		let deleted = false;
		await this.update(secrets => {
			deleted = Object.hasOwn(secrets, key);
			delete secrets[key];
		});
		return deleted;
	}

	async keys(): Promise<string[]> {
		this.options.onUse?.();
		return Object.keys((await this.read()).services[this.service] ?? {});
	}

	private async update(change: (secrets: Record<string, string>) => void): Promise<void> {
		const {configDir} = this.options;
		await mkdir(configDir, {recursive: true, mode: 0o700});
		await withLock('secrets', async () => {
			const data = await this.read();
			const secrets = data.services[this.service] ?? {};
			change(secrets);
			data.services[this.service] = secrets;
			if (Object.keys(secrets).length === 0) {
				delete data.services[this.service];
			}

			await writePrivateFileAtomically(this.file, `${JSON.stringify(data, undefined, '\t')}\n`);
		}, {dir: configDir});
	}

	private async read(): Promise<SecretsFile> {
		let text: string;
		try {
			await this.narrowMode();
			text = await readFile(this.file, 'utf8');
		} catch (error) {
			if ((error as NodeJS.ErrnoException).code === 'ENOENT') {
				return {version: 1, services: {}};
			}

			throw error;
		}

		// No cause and no parser message: V8 quotes the text around the error, and that is a secret.
		let data: unknown;
		try {
			data = JSON.parse(text);
		} catch {
			throw this.corrupt('is not valid JSON');
		}

		if (!isSecretsFile(data)) {
			throw this.corrupt('is not an msid secrets file');
		}

		return data;
	}

	private async narrowMode(): Promise<void> {
		if (process.platform === 'win32') {
			return; // Modes mean nothing there; the file is in the user's profile.
		}

		const {mode} = await stat(this.file);
		if ((mode & 0o077) !== 0) {
			await chmod(this.file, 0o600);
		}
	}

	private corrupt(what: string): MsidError {
		return new MsidError('secrets-file-corrupt', `Secrets file ${this.file} ${what}.`, {remedy: {kind: 'fix-file', path: this.file}});
	}
}

function isSecretsFile(data: unknown): data is SecretsFile {
	const isRecord = (value: unknown): value is Record<string, unknown> =>
		typeof value === 'object' && value !== null && !Array.isArray(value);
	return isRecord(data) && data['version'] === 1 && isRecord(data['services'])
		&& Object.values(data['services']).every(secrets => isRecord(secrets)
			&& Object.values(secrets).every(value => typeof value === 'string'));
}
