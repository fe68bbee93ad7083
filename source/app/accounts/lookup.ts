/**
 * Finds the account a user means: exact id, name or alias first, then a unique prefix;
 * with no name, the default account (or the only one).
 */
import {MsidError} from '../../model/errors.js';
import type {AccountRecord, ConfigData, ProviderRecord} from '../../model/account.js';

export function findAccount(config: ConfigData, query?: string): AccountRecord {
	const accounts = Object.values(config.accounts);
	if (query === undefined || query === '') {
		const fallback = config.defaultAccount ? config.accounts[config.defaultAccount] : accounts.length === 1 ? accounts[0] : undefined;
		if (fallback) {
			return fallback;
		}

		throw accounts.length === 0
			? new MsidError('no-account', 'No account is signed in.', {remedy: {kind: 'sign-in'}})
			: new MsidError('no-default-account', 'No default account.', {remedy: {kind: 'choose-account'}});
	}

	const byId = accounts.find(account => account.id === query);
	if (byId) {
		return byId;
	}

	// Configs written before names were kept unique can hold one name twice: never pick one silently.
	const exact = accounts.filter(account => account.name === query || account.alias === query);
	if (exact.length === 1) {
		return exact[0]!;
	}

	if (exact.length > 1) {
		throw ambiguous(query, exact);
	}

	const lower = query.toLowerCase();
	const matches = accounts.filter(account => [account.name, account.alias].some(name => name?.toLowerCase().startsWith(lower)));
	if (matches.length === 1) {
		return matches[0]!;
	}

	if (matches.length > 1) {
		throw ambiguous(query, matches);
	}

	throw new MsidError('unknown-account', `No account matches "${query}".`, {remedy: {kind: 'choose-account'}});
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

function ambiguous(query: string, matches: AccountRecord[]): MsidError {
	const names = matches.map(account => account.name);
	return new MsidError('ambiguous-account', `"${query}" matches ${matches.length} accounts: ${names.join(', ')}.`, {
		remedy: {kind: 'choose-account', candidates: names},
	});
}

/** Where an account signed in, as a short label: the cloud, else the authority's or issuer's host. */
export function authorityLabel(provider: ProviderRecord): string {
	if (provider.kind === 'entra') {
		const host = provider.authorityHost ? new URL(provider.authorityHost).host : undefined;
		return host ?? provider.cloud ?? 'entra';
	}

	return provider.issuer ? new URL(provider.issuer).host : provider.kind;
}

/**
 * Names stay unique, so a name always selects one account. The same person may sign in with
 * two client ids, or at two authorities (two clouds, a test tenant's emulator): the suffix
 * names what differs, e.g. `alice@contoso.com/login.microsoftonline.us`.
 */
export function uniqueName(config: ConfigData, name: string, id: string, provider: ProviderRecord): string {
	const others = Object.values(config.accounts).filter(account => account.id !== id);
	const taken = (candidate: string) => others.some(account => account.name === candidate || account.alias === candidate);
	if (!taken(name)) {
		return name;
	}

	const clashes = others.filter(account => account.name === name || account.alias === name);
	const otherAuthority = clashes.some(account => authorityLabel(account.provider) !== authorityLabel(provider));
	const otherClient = clashes.some(account => account.provider.clientId !== provider.clientId);
	const parts = [name, ...(otherAuthority || !otherClient ? [authorityLabel(provider)] : []), ...(otherClient ? [provider.clientId.slice(0, 8)] : [])];
	let candidate = parts.join('/');
	for (let n = 2; taken(candidate); n++) {
		candidate = `${parts.join('/')}/${n}`;
	}

	return candidate;
}
