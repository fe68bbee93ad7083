/**
 * The scope audit and the token's displayed claims as pre-cut lines for a ScrollView. Long
 * scope lists wrap under their label instead of being cut, since a missing scope hidden by an
 * ellipsis would defeat the audit.
 */
import type {ReactNode} from 'react';
import {formatDisplayedClaims, type DisplayedClaims} from '../../identity/jwt-claims.js';
import type {ScopeAudit} from '../../identity/scope-audit.js';
import {Line, Tinted} from '../components/line.js';
import type {ScrollLine} from '../components/scroll-view.js';
import {padEnd, wrapWords} from '../format.js';
import type {Tone} from '../theme.js';

const labelWidth = 16;

export function auditLines(audit: ScopeAudit, claims: DisplayedClaims | undefined, width: number): ScrollLine[] {
	const lines: ScrollLine[] = [];
	const push = (key: string, node: ReactNode) => lines.push({key: `${key}:${lines.length}`, node});

	const labelled = (label: string, values: readonly string[] | undefined, tone?: Tone) => {
		const text = values === undefined ? '(unknown)' : values.length === 0 ? '(none)' : values.join(' ');
		const wrapped = wrapWords(text, Math.max(8, width - labelWidth));
		for (const [index, part] of wrapped.entries()) {
			push(label, (
				<Line>
					<Tinted tone="muted">{padEnd(index === 0 ? label : '', labelWidth)}</Tinted>
					<Tinted tone={values?.length ? tone : undefined}>{part}</Tinted>
				</Line>
			));
		}
	};

	labelled('Requested', audit.requested);
	labelled('Granted', audit.grantedKnown ? audit.granted : undefined);
	labelled('Missing', audit.missing, 'bad');
	labelled('Extra', audit.extra, 'warn');
	push('offline', (
		<Line>
			<Tinted tone="muted">{padEnd('offline_access', labelWidth)}</Tinted>
			{audit.offlineAccess.present ? <Tinted tone="ok">yes</Tinted> : <Tinted tone="warn">no</Tinted>}
		</Line>
	));
	if (audit.applicationPermissions.length > 0) {
		labelled('App permissions', audit.applicationPermissions, 'warn');
	}

	if (audit.risky.length === 0) {
		labelled('Risky', []);
	} else {
		push('risky', <Line bold tone="bad">{`Risky (${audit.risky.length})`}</Line>);
		const scopeWidth = Math.min(32, Math.max(...audit.risky.map(entry => [...entry.scope].length)));
		for (const entry of audit.risky) {
			const inline = 4 + Math.max(scopeWidth, [...entry.scope].length) + 2 + [...entry.reason].length <= width;
			push('risky-scope', (
				<Line>
					<Tinted bold tone="bad">{'  ! '}</Tinted>
					<Tinted bold>{inline ? padEnd(entry.scope, scopeWidth) : entry.scope}</Tinted>
					{inline ? `  ${entry.reason}` : ''}
				</Line>
			));
			if (!inline) {
				for (const part of wrapWords(entry.reason, Math.max(8, width - 6))) {
					push('risky-reason', <Line tone="muted">{`      ${part}`}</Line>);
				}
			}
		}
	}

	for (const note of audit.notes) {
		for (const [index, part] of wrapWords(note, Math.max(8, width - 2)).entries()) {
			push('note', <Line tone="muted">{`${index === 0 ? '·' : ' '} ${part}`}</Line>);
		}
	}

	push('gap', <Line />);
	if (claims === undefined) {
		push('claims', <Line tone="muted">The access token is not a readable JWT (opaque or encrypted): no claims to show.</Line>);
		return lines;
	}

	push('claims', <Line bold tone="title">Claims (decoded for display, not validated)</Line>);
	for (const [name, value] of formatDisplayedClaims(claims)) {
		for (const [index, part] of wrapWords(value, Math.max(8, width - 10)).entries()) {
			push(`claim-${name}`, (
				<Line>
					<Tinted tone="muted">{padEnd(index === 0 ? `  ${name}` : '', 10)}</Tinted>
					{part}
				</Line>
			));
		}
	}

	return lines;
}
