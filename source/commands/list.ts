/**
 * msid list: accounts, their tenants and state; --json for scripts (metadata only, never a secret).
 */
import {printableLines} from '../model/printable.js';
import type {AccountView} from '../model/services.js';
import {latestToken} from '../app/accounts/account-state.js';
import type {Command} from './context.js';
import type {listSpec} from './spec/list.js';
import {displayWidth, padToWidth} from '../model/text-width.js';

const stateLabels: Record<AccountView['state'], string> = {
	valid: 'valid',
	expiring: 'expiring',
	'expired-refreshable': 'expired (refreshable)',
	'needs-sign-in': 'needs sign-in',
};

export const list: Command<typeof listSpec> = async ({options: values}, {services, stdout}) => {
	const accounts = await services.accounts.list();
	if (values.json) {
		stdout.write(`${JSON.stringify(accounts.map(account => listEntry(account)), null, 2)}\n`);
		return 0;
	}

	// Names, tenant names and reasons come from servers: keep their control characters off the terminal.
	stdout.write(printableLines(renderList(accounts, services.clock.now())));
	return 0;
};

export function listEntry({record, isDefault, state, insecureStore}: AccountView) {
	const token = latestToken(record);
	return {
		name: record.name,
		id: record.id,
		default: isDefault,
		kind: record.kind,
		provider: record.provider.kind,
		...(record.provider.cloud ? {cloud: record.provider.cloud} : {}),
		clientId: record.provider.clientId,
		flow: record.flow,
		...(record.username ? {username: record.username} : {}),
		...(record.activeTenantId ? {tenantId: record.activeTenantId} : {}),
		tenants: record.tenants.map(tenant => ({id: tenant.id, ...(tenant.domain ? {domain: tenant.domain} : {}), ...(tenant.name ? {name: tenant.name} : {})})),
		state,
		...(record.needsSignIn ? {reason: record.needsSignIn.reason} : {}),
		...(token ? {expiresOn: new Date(token.expiresAt).toISOString()} : {}),
		store: record.store,
		...(insecureStore ? {insecure: true} : {}),
	};
}

export function renderList(accounts: AccountView[], now: number): string {
	if (accounts.length === 0) {
		return 'No accounts. Sign in with: msid login\n';
	}

	const rows = accounts.map(({record, isDefault, state, insecureStore}) => {
		const token = latestToken(record);
		const left = token ? remaining(token.expiresAt - now) : '';
		return [
			isDefault ? '*' : ' ',
			record.name,
			record.provider.kind,
			stateLabels[state] + (insecureStore ? ', file store' : ''),
			left,
			record.tenants
				.map(tenant => (tenant.id === record.activeTenantId ? `${tenant.domain ?? tenant.name ?? tenant.id} (active)` : tenant.domain ?? tenant.name ?? tenant.id))
				.join(', '),
		];
	});
	const header = [' ', 'ACCOUNT', 'PROVIDER', 'STATE', 'EXPIRES IN', 'TENANTS'];
	const widths = header.map((title, column) => Math.max(displayWidth(title), ...rows.map(row => displayWidth(row[column]!))));
	return [header, ...rows].map(row => row.map((cell, column) => (column === row.length - 1 ? cell : padToWidth(cell, widths[column]!))).join('  ').trimEnd()).join('\n') + '\n';
}

function remaining(ms: number): string {
	if (ms <= 0) {
		return 'expired';
	}

	const minutes = Math.floor(ms / 60_000);
	return minutes >= 60 ? `${Math.floor(minutes / 60)} h ${minutes % 60} min` : `${minutes} min`;
}
