/**
 * Scope audit, per cached token of one account: asks the token service for the token (which
 * may refresh it), decodes its claims for display and audits its scopes with the pure module.
 * Only the audit and the displayed claims are kept; the token value is dropped at once.
 */
import {Box, useWindowSize} from 'ink';
import {useReducer} from 'react';
import {readDisplayedClaims} from '../../identity/jwt-claims.js';
import {auditScopes} from '../../identity/scope-audit.js';
import {sortedTokens} from '../account-status.js';
import {freshUntil} from '../../app/accounts/refresh-rule.js';
import {Countdown} from '../components/countdown.js';
import {Line, Tinted} from '../components/line.js';
import {bodyHeight, ScreenFrame} from '../components/screen-frame.js';
import {maxScroll, ScrollView} from '../components/scroll-view.js';
import {describeError} from '../describe-error.js';
import {resourceScopes} from '../format.js';
import {useAsync} from '../hooks/use-async.js';
import {useServices} from '../hooks/use-services.js';
import {useScreenInput} from '../hooks/use-screen-input.js';
import {auditKeys, matchAction} from '../keymap.js';
import {auditLines} from './audit-lines.js';

export interface ScopeAuditScreenProps {
	account: {id: string; name: string};
	onBack: () => void;
	onHelp: () => void;
}

interface AuditState {
	tokenIndex: number;
	offset: number;
}

type AuditAction = {type: 'token'; delta: number; count: number} | {type: 'scroll'; delta: number; max: number};

function auditReducer(state: AuditState, action: AuditAction): AuditState {
	switch (action.type) {
		case 'token': {
			const tokenIndex = Math.min(Math.max(0, state.tokenIndex + action.delta), Math.max(0, action.count - 1));
			return tokenIndex === state.tokenIndex ? state : {tokenIndex, offset: 0};
		}

		case 'scroll': {
			return {...state, offset: Math.min(action.max, Math.max(0, state.offset + action.delta))};
		}
	}
}

/** One audited token, without the token. */
interface AuditedToken {
	audit: ReturnType<typeof auditScopes>;
	claims: ReturnType<typeof readDisplayedClaims>;
	scopes: string[];
	tenantId: string | undefined;
	expiresAt: number;
	/** When it turns due for refresh (refresh-rule.ts), for the countdown's warning. */
	freshUntil: number;
}

export function ScopeAuditScreen({account, onBack, onHelp}: ScopeAuditScreenProps) {
	const services = useServices();
	const {columns, rows} = useWindowSize();
	const [state, dispatch] = useReducer(auditReducer, {tokenIndex: 0, offset: 0});
	const accountView = useAsync(async () => services.accounts.get(account.id), [account.id]);
	const tokens = accountView.status === 'done' ? sortedTokens(accountView.value.record.tokens) : [];
	const chosen = tokens[state.tokenIndex]?.[1];
	const ready = accountView.status === 'done';

	const audited = useAsync(async (signal): Promise<AuditedToken | undefined> => {
		if (!ready) {
			return undefined;
		}

		// No cached token yet: audit the one the account's default request gets.
		const fresh = await services.tokens.get({account: account.id, scopes: chosen?.scopes, tenant: chosen?.tenantId, signal});
		const claims = readDisplayedClaims(fresh.accessToken);
		return {
			audit: auditScopes({requested: fresh.scopes, granted: fresh.grantedScopes, claims}),
			claims,
			scopes: fresh.scopes,
			tenantId: fresh.tenantId,
			expiresAt: fresh.expiresAt,
			freshUntil: freshUntil(fresh.record),
		};
	}, [ready, account.id, state.tokenIndex]);

	const height = bodyHeight(rows);
	const lines = audited.status === 'done' && audited.value ? auditLines(audited.value.audit, audited.value.claims, columns) : [];
	const listHeight = Math.max(1, height - 2);

	useScreenInput((input, key) => {
		switch (matchAction(auditKeys, input, key)) {
			case 'previous-token':
			case 'next-token': {
				dispatch({type: 'token', delta: key.leftArrow || input === 'h' ? -1 : 1, count: tokens.length});
				break;
			}

			case 'scroll-up':
			case 'scroll-down': {
				dispatch({type: 'scroll', delta: key.upArrow || input === 'k' ? -1 : 1, max: maxScroll(lines.length, listHeight)});
				break;
			}

			case 'help': {
				onHelp();
				break;
			}

			case 'back': {
				onBack();
				break;
			}

			default:
		}
	});

	const failure = accountView.status === 'failed' ? accountView.error : audited.status === 'failed' ? audited.error : undefined;
	// The position leads, so a long account name cannot push it out of the title.
	const position = tokens.length > 1 ? ` · token ${state.tokenIndex + 1}/${tokens.length}` : '';
	const value = audited.status === 'done' ? audited.value : undefined;
	return (
		<ScreenFrame
			title={`Scope audit${position} · ${account.name}`}
			notice={failure === undefined ? undefined : {tone: 'bad', text: describeError(failure), order: 0}}
			bindings={auditKeys}
		>
			{size => {
				if (failure !== undefined) {
					return <Line tone="bad">Could not get a token to audit; see below.</Line>;
				}

				if (!value) {
					return <Line tone="muted">Getting the token…</Line>;
				}

				return (
					<Box flexDirection="column">
						{/* A long scope list is cut; the expiry after it always shows. */}
						<Box>
							<Line>
								<Tinted tone="muted">Token for </Tinted>
								{resourceScopes(value.scopes).join(' ') || value.scopes.join(' ')}
								{value.tenantId ? <Tinted tone="muted">{` @ ${value.tenantId}`}</Tinted> : null}
							</Line>
							<Box flexShrink={0}>
								<Line tone="muted"> · expires in </Line>
							</Box>
							<Countdown expiresAt={value.expiresAt} warnAt={value.freshUntil} />
						</Box>
						<Line />
						<ScrollView lines={lines} offset={state.offset} height={Math.max(1, size.height - 2)} />
					</Box>
				);
			}}
		</ScreenFrame>
	);
}
