/**
 * The tenants msid knows for an account, one highlighted: the accounts screen moves the
 * highlight and applies the choice (pickerKeys); this only draws it.
 */
import {Box} from 'ink';
import type {TenantRecord} from '../../model/account.js';
import {Line} from './line.js';

interface Props {
	accountName: string;
	tenants: readonly TenantRecord[];
	activeTenantId: string | undefined;
	cursor: number;
	height: number;
}

export function TenantPicker({accountName, tenants, activeTenantId, cursor, height}: Props) {
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
