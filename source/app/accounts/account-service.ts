/**
 * Listing, choosing, removing and following accounts. Removal deletes secrets before metadata, so a
 * keychain that refuses leaves the account listed (and removable later), never orphaned
 * secrets; and it holds the account's refresh lock, so a refresh and a logout never interleave.
 */
import {MsidError} from '../../model/errors.js';
import type {Runtime} from '../runtime/runtime.js';
import type {AccountService, AccountView} from '../../model/services.js';
import type {AccountRecord, ConfigData} from '../../model/account.js';
import {readConfig, updateConfig} from '../../storage/config-store.js';
import {watchConfig} from '../../storage/config-watch.js';
import {withLock} from '../../storage/lock.js';
import {findAccount} from './lookup.js';
import {requireKnownTenant} from './tenants.js';
import {accountSecretNames, isAccountKey} from './secret-keys.js';
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
				// Read again under the lock: a refresh that just finished may have added a token.
				await removeSecrets(runtime, readConfig(runtime.env).accounts[account.id] ?? account);
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

/**
 * Deletes every entry under the account's id, as the store lists them (which also finds a token
 * whose record was never written); where listing would ask the user about every entry (macOS),
 * the names the account's record gives instead. Every delete is tried; if any fails, one error
 * says how many are left, so the caller keeps the account listed and the user can try again.
 */
export async function removeSecrets(runtime: Runtime, account: AccountRecord): Promise<void> {
	const names = runtime.secrets.listsSilently
		? (await runtime.secrets.keys()).filter(key => isAccountKey(key, account.id))
		: accountSecretNames(account);

	const failures: unknown[] = [];
	for (const name of names) {
		try {
			await runtime.secrets.delete(name);
		} catch (error) {
			failures.push(error);
		}
	}

	if (failures.length > 0) {
		const first = failures[0];
		const why = first instanceof MsidError ? first.message : 'the keychain refused.';
		throw new MsidError('keychain-unavailable', `${failures.length} of this account's secrets could not be deleted from the keychain, so the account stays listed: ${why}`, {cause: first, ...(first instanceof MsidError && first.remedy ? {remedy: first.remedy} : {})});
	}
}
