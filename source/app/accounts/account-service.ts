/**
 * Listing, choosing, removing and following accounts. Removal deletes secrets before metadata, so a
 * keychain that refuses leaves the account listed (and removable later), never orphaned
 * secrets; and it holds the account's refresh lock, so a refresh and a logout never interleave.
 */
import type {Runtime} from '../runtime/runtime.js';
import type {AccountService, AccountView} from '../../model/services.js';
import type {AccountRecord, ConfigData} from '../../model/account.js';
import {readConfig, updateConfig} from '../../storage/config-store.js';
import {watchConfig} from '../../storage/config-watch.js';
import {withLock} from '../../storage/lock.js';
import {findAccount} from './lookup.js';
import {requireKnownTenant} from './tenants.js';
import {isAccountKey} from './secret-keys.js';
import {accountState} from './account-state.js';

export function createAccountService(runtime: Runtime): AccountService {
	const view = (config: ConfigData, record: AccountRecord): AccountView => ({
		record,
		isDefault: config.defaultAccount === record.id,
		state: accountState(record, runtime.clock.now()),
		insecureStore: record.store === 'file',
	});

	return {
		async list() {
			const config = readConfig(runtime.env);
			return Object.values(config.accounts)
				.sort((a, b) => a.name.localeCompare(b.name))
				.map(record => view(config, record));
		},

		async get(query) {
			const config = readConfig(runtime.env);
			return view(config, findAccount(config, query));
		},

		async setDefault(query, tenant) {
			let result: AccountView | undefined;
			await updateConfig(runtime.env, data => {
				const account = findAccount(data, query);
				if (tenant !== undefined) {
					account.activeTenantId = requireKnownTenant(account, tenant);
				}

				data.defaultAccount = account.id;
				result = view(data, account);
			});
			return result!;
		},

		async remove(query) {
			const account = findAccount(readConfig(runtime.env), query);
			// Under the account's lock, so a refresh running elsewhere finishes (and stores its
			// rotated refresh token) first and is then removed too; a refresh that starts later
			// finds the account gone.
			await withLock(`account-${account.id}`, async () => {
				await removeSecrets(runtime, account.id);
				await updateConfig(runtime.env, data => {
					delete data.accounts[account.id];
					if (data.defaultAccount === account.id) {
						delete data.defaultAccount;
					}
				});
			}, {dir: runtime.configDir, clock: runtime.clock});
		},

		watch(onChange) {
			// config.json holds everything a listing shows, expiry times included.
			const watch = watchConfig(runtime.env, onChange);
			return () => {
				watch.stop();
			};
		},
	};
}

export async function removeSecrets(runtime: Runtime, id: string): Promise<void> {
	for (const key of await runtime.secrets.keys()) {
		if (isAccountKey(key, id)) {
			await runtime.secrets.delete(key);
		}
	}
}
