/**
 * Chooses the secret store from MSID_STORE: `keychain` (the default) or `file`, the explicit
 * insecure opt-in. Anything else is a usage error, so a typo never silently picks one.
 */
import {UsageError} from '../model/errors.js';
import {configDir as defaultConfigDir} from './config-read.js';
import {FileStore} from './file-store.js';
import {KeyringStore} from './keyring-store.js';
import type {SecretStore} from './secret-store.js';

export const storeKinds = ['keychain', 'file'] as const;

export interface OpenSecretStoreOptions {
	env?: NodeJS.ProcessEnv;
	/** Where the file store keeps secrets.json; default: msid's config dir for `env`. */
	configDir?: string;
	/** A person at the terminal can answer a keychain dialog: see keychainTimeoutMs. */
	interactive?: boolean;
	/** Called on every use of the file store, to warn that secrets are in a plain file. */
	onInsecureUse?: () => void;
}

export function openSecretStore(options: OpenSecretStoreOptions = {}): SecretStore {
	const env = options.env ?? process.env;
	const service = env['MSID_KEYCHAIN_SERVICE'] || 'msid';
	const kind = env['MSID_STORE'] || 'keychain';
	switch (kind) {
		case 'keychain': {
			return new KeyringStore({env, service, interactive: options.interactive ?? false});
		}

		case 'file': {
			return new FileStore({
				configDir: options.configDir ?? defaultConfigDir(env),
				service,
				...(options.onInsecureUse ? {onUse: options.onInsecureUse} : {}),
			});
		}

		default: {
			throw new UsageError(
				`MSID_STORE=${JSON.stringify(kind)} is not a secret store msid knows: use ${storeKinds.join(' or ')}.`,
			);
		}
	}
}
