/**
 * The left pane: each account with its state badge, the default marked "*", and its tenants
 * beneath it with the active one filled. Long lists scroll so the selection stays in view.
 */
import {Box} from 'ink';
import type {AccountView} from '../../model/services.js';
import {liveState} from '../account-status.js';
import {padEnd, truncate} from '../format.js';
import {useClockSelect} from '../hooks/use-clock.js';
import {Badge, badgeText} from './badge.js';
import {Line, Tinted} from './line.js';

interface Props {
	accounts: readonly AccountView[];
	selectedId: string | undefined;
	width: number;
	height: number;
}

type Row =
	| {kind: 'account'; view: AccountView}
	| {kind: 'tenant'; view: AccountView; name: string; active: boolean; tenantId: string};

export function AccountList({accounts, selectedId, width, height}: Props) {
	if (accounts.length === 0) {
		return <Line tone="muted">No accounts yet.</Line>;
	}

	const rows: Row[] = accounts.flatMap(view => [
		{kind: 'account', view} as Row,
		...view.record.tenants.map((tenant): Row => ({
			kind: 'tenant',
			view,
			name: tenant.name ?? tenant.domain ?? tenant.id,
			active: tenant.id === view.record.activeTenantId,
			tenantId: tenant.id,
		})),
	]);
	const selectedRow = Math.max(0, rows.findIndex(row => row.kind === 'account' && row.view.record.id === selectedId));
	const start = rows.length <= height ? 0 : Math.min(Math.max(0, selectedRow - Math.floor(height / 3)), rows.length - height);

	return (
		<Box flexDirection="column" width={width}>
			{rows.slice(start, start + height).map(row => {
				if (row.kind === 'tenant') {
					return (
						<Line key={`${row.view.record.id}/${row.tenantId}`} tone={row.active ? undefined : 'muted'}>
							{truncate(`   ${row.active ? '●' : '○'} ${row.name}`, width)}
						</Line>
					);
				}

				return <AccountLine key={row.view.record.id} view={row.view} selected={row.view.record.id === selectedId} width={width} />;
			})}
		</Box>
	);
}

/** One account's row; it re-renders when its state changes (valid, expiring...), not every second. */
function AccountLine({view, selected, width}: {view: AccountView; selected: boolean; width: number}) {
	const state = useClockSelect(now => liveState(view, now));
	const badge = badgeText(state, view.insecureStore);
	const prefix = `${selected ? '›' : ' '}${view.isDefault ? '*' : ' '} `;
	const nameWidth = Math.max(1, width - prefix.length - badge.length - 1);
	return (
		<Line bold={selected}>
			<Tinted tone={selected ? 'accent' : undefined} bold={selected}>{prefix + padEnd(truncate(view.record.name, nameWidth), nameWidth)}</Tinted>
			{' '}
			<Badge state={state} insecureStore={view.insecureStore} />
		</Line>
	);
}
