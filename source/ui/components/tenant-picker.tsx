/**
 * Picks the account's active tenant from the tenants msid knows for it. Owns the keyboard while
 * shown; Enter uses the highlighted tenant, Esc keeps the current one.
 */
import {Box, useInput} from 'ink';
import {useState} from 'react';
import type {TenantRecord} from '../../storage/account.js';
import {matchAction, pickerKeys} from '../keymap.js';
import {Line} from './line.js';

interface Props {
	accountName: string;
	tenants: readonly TenantRecord[];
	activeTenantId: string | undefined;
	height: number;
	onChoose: (tenant: TenantRecord) => void;
	onCancel: () => void;
}

export function TenantPicker({accountName, tenants, activeTenantId, height, onChoose, onCancel}: Props) {
	const [cursor, setCursor] = useState(() => Math.max(0, tenants.findIndex(tenant => tenant.id === activeTenantId)));
	useInput((input, key) => {
		switch (matchAction(pickerKeys, input, key)) {
			case 'up': {
				setCursor(value => Math.max(0, value - 1));
				break;
			}

			case 'down': {
				setCursor(value => Math.min(tenants.length - 1, value + 1));
				break;
			}

			case 'choose': {
				const tenant = tenants[cursor];
				if (tenant) {
					onChoose(tenant);
				}

				break;
			}

			case 'back': {
				onCancel();
				break;
			}

			default:
		}
	});

	// Two lines per tenant: its name, then its id (a GUID needs most of a narrow pane).
	const listHeight = Math.max(1, Math.floor((height - 2) / 2));
	const start = Math.min(Math.max(0, cursor - listHeight + 1), Math.max(0, tenants.length - listHeight));
	return (
		<Box flexDirection="column">
			<Line bold>{`Tenant for ${accountName}`}</Line>
			<Line tone="muted">Enter uses it, Esc keeps the current one</Line>
			{tenants.slice(start, start + listHeight).map((tenant, index) => {
				const selected = start + index === cursor;
				const active = tenant.id === activeTenantId;
				const name = tenant.name ?? tenant.domain ?? tenant.id;
				return (
					<Box key={tenant.id} flexDirection="column">
						<Line bold={selected} tone={selected ? 'accent' : undefined}>
							{`${selected ? '›' : ' '} ${active ? '●' : '○'} ${name}${active ? ' (active)' : ''}`}
						</Line>
						<Line tone="muted">{`    ${tenant.id}`}</Line>
					</Box>
				);
			})}
		</Box>
	);
}
