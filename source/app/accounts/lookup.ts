/**
 * Finds the account a user means: exact id, name or alias first, then a unique prefix;
 * with no name, the default account (or the only one).
 */
import {MsidError} from '../../model/errors.js';
import type {AccountRecord, ConfigData} from '../../model/account.js';

export function findAccount(config: ConfigData, query?: string): AccountRecord {
	const accounts = Object.values(config.accounts);
	if (query === undefined || query === '') {
		const fallback = config.defaultAccount ? config.accounts[config.defaultAccount] : accounts.length === 1 ? accounts[0] : undefined;
		if (fallback) {
			return fallback;
		}

		throw accounts.length === 0
			? new MsidError('no-account', 'No account is signed in: run msid login first.')
			: new MsidError('no-default-account', 'No default account: name one, or set it with msid use ACCOUNT (msid list shows them).');
	}

	const exact = accounts.find(account => account.id === query || account.name === query || account.alias === query);
	if (exact) {
		return exact;
	}

	const lower = query.toLowerCase();
	const matches = accounts.filter(account => [account.name, account.alias].some(name => name?.toLowerCase().startsWith(lower)));
	if (matches.length === 1) {
		return matches[0]!;
	}

	if (matches.length > 1) {
		throw new MsidError('ambiguous-account', `"${query}" matches ${matches.length} accounts (${matches.map(a => a.name).join(', ')}): give more of the name.`);
	}

	throw new MsidError('unknown-account', `No account matches "${query}": run msid list to see the signed-in accounts.`);
}

/** username@tenant-domain, client-id@tenant or sub@issuer-host, unless the user chose an alias. */
export function accountName(parts: {
	alias?: string;
	username?: string;
	tenantDomain?: string;
	clientId: string;
	tenant?: string;
	subject?: string;
	issuerHost: string;
	application: boolean;
}): string {
	if (parts.alias) {
		return parts.alias;
	}

	if (parts.application) {
		return `${parts.clientId}@${parts.tenant ?? parts.issuerHost}`;
	}

	if (parts.username) {
		return parts.username.includes('@') || !parts.tenantDomain ? parts.username : `${parts.username}@${parts.tenantDomain}`;
	}

	return `${parts.subject ?? 'unknown'}@${parts.issuerHost}`;
}

/** Two identities may share a display name (same user, two client ids): keep names unique. */
export function uniqueName(config: ConfigData, name: string, id: string, clientId: string): string {
	const clash = Object.values(config.accounts).some(account => account.id !== id && account.name === name);
	return clash ? `${name}/${clientId.slice(0, 8)}` : name;
}
