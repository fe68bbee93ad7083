/**
 * msid scopes: the scope audit of each of an account's tokens — requested, granted, missing,
 * extra, risky — the same audit the dashboard shows. Claims are decoded for display only and
 * the token itself is never printed.
 */
import {printable, printableLines} from '../model/printable.js';
import {auditScopes, auditToJson, formatAuditText} from '../identity/scope-audit.js';
import {readDisplayedClaims} from '../identity/jwt-claims.js';
import type {Command} from './context.js';
import type {scopesSpec} from './spec/scopes.js';

export const scopes: Command<typeof scopesSpec> = async ({options: values, positionals}, {services, stdout, signal}) => {
	const {record} = await services.accounts.get(positionals[0]);
	const slots = Object.values(record.tokens);
	const requests = slots.length > 0 ? slots.map(slot => ({scopes: slot.scopes, tenant: slot.tenantId})) : [{scopes: record.scopes, tenant: record.activeTenantId}];
	const audits = [];
	for (const request of requests) {
		const token = await services.tokens.get({account: record.id, scopes: request.scopes, ...(request.tenant ? {tenant: request.tenant} : {}), signal});
		const claims = readDisplayedClaims(token.accessToken);
		const audit = auditScopes({requested: token.scopes, granted: token.grantedScopes, ...(claims ? {claims} : {})});
		audits.push({tenantId: token.tenantId, expiresOn: new Date(token.expiresAt).toISOString(), audit, claims});
	}

	if (values.json) {
		const json = audits.map(entry => ({
			account: record.name,
			...(entry.tenantId ? {tenantId: entry.tenantId} : {}),
			expiresOn: entry.expiresOn,
			...auditToJson(entry.audit),
			...(entry.claims ? {claims: entry.claims} : {}),
		}));
		stdout.write(`${JSON.stringify(json, null, 2)}\n`);
		return 0;
	}

	for (const entry of audits) {
		stdout.write(`${printable(`${record.name}${entry.tenantId ? `, tenant ${entry.tenantId}` : ''}, expires ${entry.expiresOn}`)}\n`);
		stdout.write(`${printableLines(formatAuditText(entry.audit))}\n`);
	}

	return 0;
};
