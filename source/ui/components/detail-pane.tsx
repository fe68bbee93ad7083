/**
 * The right pane: who the selected account is, where it signs in, every cached token with a
 * live countdown, when it last refreshed and where its secrets live. Token values never appear.
 */
import {Box} from 'ink';
import type {ReactNode} from 'react';
import type {AccountView} from '../../model/services.js';
import type {AccountRecord} from '../../model/account.js';
import {liveState, sortedTokens, stateBadges} from '../account-status.js';
import {formatAgo, padEnd, resourceScopes, wrapWords} from '../format.js';
import {useClockSelect} from '../hooks/use-clock.js';
import {useServices} from '../hooks/use-services.js';
import {Badge} from './badge.js';
import {freshUntil} from '../../app/accounts/refresh-rule.js';
import {Countdown} from './countdown.js';
import {Line, Tinted} from './line.js';
import {LiveText} from './live-text.js';

const labelWidth = 11;
/** The widest formatAgo text up to 9999 days: "59 min ago". */
const agoWidth = 10;

function Field({label, children}: {label: string; children: ReactNode}) {
	return (
		<Line>
			<Tinted tone="muted">{padEnd(label, labelWidth)}</Tinted>
			{children}
		</Line>
	);
}

export function DetailPane({view, width, height}: {view: AccountView; width: number; height: number}) {
	const {storeKind} = useServices();
	const {record} = view;
	// The pane re-renders when the account's state changes; the times in it follow the clock
	// on their own (LiveText), so a second's tick does not redraw the whole pane.
	const state = useClockSelect(now => liveState(view, now));
	const tenant = record.tenants.find(known => known.id === record.activeTenantId);
	const tenantName = (id: string | undefined) => record.tenants.find(known => known.id === id)?.name ?? id ?? '';
	const rows: Array<{key: string; node: ReactNode}> = [];
	const add = (key: string, node: ReactNode) => rows.push({key, node});

	add('title', (
		<Line bold>
			{record.displayName ?? record.name}
			{view.isDefault ? <Tinted tone="accent"> (default)</Tinted> : null}
		</Line>
	));
	add('state', (
		<Field label="State">
			<Badge state={state} insecureStore={view.insecureStore} />
			<Tinted tone="muted">{` · ${stateBadges[state].description}`}</Tinted>
		</Field>
	));
	if (record.needsSignIn) {
		// The reason is the fix's first clue, so it wraps rather than being cut.
		for (const [index, part] of wrapWords(record.needsSignIn.reason, Math.max(8, width - labelWidth)).slice(0, 3).entries()) {
			add(`reason:${index}`, <Field label={index === 0 ? 'Reason' : ''}><Tinted tone="warn">{part}</Tinted></Field>);
		}

		add('hint', <Line tone="warn">Press Enter to sign in again with the same settings.</Line>);
	}

	if (record.username) {
		add('username', <Field label="Username">{record.username}</Field>);
	}

	if (record.subject) {
		add('subject', <Field label={record.provider.kind === 'entra' ? 'Object id' : 'Subject'}>{record.subject}</Field>);
	}

	if (tenant ?? record.activeTenantId) {
		add('tenant', <Field label="Tenant">{describeTenant(tenant?.name, tenant?.domain) ?? record.activeTenantId}</Field>);
		add('tenant-id', <Field label="Tenant id">{record.activeTenantId ?? tenant?.id}</Field>);
	}

	add('provider', <Field label="Provider">{describeProvider(record)}</Field>);
	add('client', <Field label="Client id">{record.provider.clientId}</Field>);
	add('store', (
		<Field label="Secrets">
			{record.store === 'file'
				? <Tinted bold tone="bad">file (insecure: MSID_STORE=file)</Tinted>
				// The demo's fallback on a machine without a keychain: say so, not "OS keychain".
				: storeKind === 'memory' ? 'memory (gone when msid ends)' : 'OS keychain'}
		</Field>
	));
	const {lastRefreshAt} = record;
	add('refresh', lastRefreshAt === undefined
		? <Field label="Refreshed">never</Field>
		: (
			<Box>
				<Line tone="muted">{padEnd('Refreshed', labelWidth)}</Line>
				{/* Padded to one width, so "9 s ago" turning "10 s ago" needs no new frame. */}
				<LiveText value={now => ({text: padEnd(formatAgo(now - lastRefreshAt), agoWidth)})} />
			</Box>
		));

	const tokens = sortedTokens(record.tokens);
	add('tokens', <Line tone="muted">{tokens.length === 0 ? 'No cached tokens' : `Tokens (${tokens.length})`}</Line>);
	for (const [key, token] of tokens) {
		const scopes = resourceScopes(token.scopes).join(' ') || token.scopes.join(' ');
		const where = token.tenantId && token.tenantId !== record.activeTenantId ? ` @ ${tenantName(token.tenantId)}` : '';
		add(`token:${key}`, (
			<Box>
				<Line>{'  '}</Line>
				<Countdown expiresAt={token.expiresAt} warnAt={freshUntil(token)} />
				<Line>{`  ${scopes}${where}`}</Line>
			</Box>
		));
	}


	return (
		<Box flexDirection="column">
			{rows.slice(0, height).map(row => <Box key={row.key}>{row.node}</Box>)}
		</Box>
	);
}

function describeTenant(name: string | undefined, domain: string | undefined): string | undefined {
	if (name && domain) {
		return `${name} (${domain})`;
	}

	return name ?? domain;
}

function describeProvider(record: AccountRecord): string {
	const where = record.provider.kind === 'entra' ? (record.provider.cloud ?? 'global') : (record.provider.issuer ?? '');
	return [record.provider.kind, where, record.flow, record.kind === 'application' ? 'app' : undefined].filter(Boolean).join(' · ');
}
