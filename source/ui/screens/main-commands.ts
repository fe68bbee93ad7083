/**
 * What the accounts screen's keys do to the world: each command runs in the background through
 * the Services, reloads the list when it changed something, and reports in the notice line. The
 * list also follows what other processes change (another terminal's sign-in or refresh).
 * Failures (locked keychain, no network, no clipboard) become notices, never crashes.
 */
import {useCallback, useMemo, type Dispatch} from 'react';
import type {AccountView} from '../../model/services.js';
import type {TenantRecord} from '../../model/account.js';
import {describeError, errorDetail} from '../describe-error.js';
import {formatCountdown} from '../format.js';
import {useBackground} from '../hooks/use-async.js';
import {useDashboard} from '../hooks/use-dashboard.js';
import {notice, type NoticeTone} from '../notice.js';
import type {MainAction} from './main-state.js';

export interface MainCommands {
	load: () => void;
	/** Lists again whenever another process changes an account; returns `stop`. */
	follow: () => () => void;
	makeDefault: (view: AccountView) => void;
	refresh: (view: AccountView) => void;
	copyToken: (view: AccountView, asHeader: boolean) => void;
	useTenant: (view: AccountView, tenant: TenantRecord) => void;
	signOut: (view: AccountView) => void;
}

export function useMainCommands(dispatch: Dispatch<MainAction>): MainCommands {
	const {services, clipboardKeeper} = useDashboard();
	const say = useCallback((tone: NoticeTone, text: string) => {
		dispatch({type: 'notice', notice: notice(tone, text)});
	}, [dispatch]);
	const run = useBackground(error => {
		dispatch({type: 'notice', notice: {...notice('bad', describeError(error)), detail: errorDetail(error)}});
	});

	return useMemo(() => {
		const reload = async (signal: AbortSignal) => {
			const accounts = await services.accounts.list();
			if (!signal.aborted) {
				dispatch({type: 'loaded', accounts});
			}
		};

		// Whether the last listing failed (config.json damaged, perhaps half-saved by an editor):
		// the screen keeps the last good list, and says so when the file can be read again.
		let unreadable = false;
		const relist = (failure?: string) => async (signal: AbortSignal) => {
			try {
				await reload(signal);
			} catch (error) {
				unreadable = true;
				dispatch({type: 'notice', notice: {...notice('bad', failure ? `${failure}: ${describeError(error)}` : describeError(error)), detail: errorDetail(error)}});
				return;
			}

			if (unreadable) {
				unreadable = false;
				say('ok', 'The accounts could be read again; the list is up to date');
			}
		};

		return {
			load() {
				run(relist());
			},
			follow() {
				return services.accounts.watch(() => {
					run(relist('The list was not updated'));
				});
			},
			makeDefault(view) {
				run(async signal => {
					await services.accounts.setDefault(view.record.name);
					await reload(signal);
					say('ok', `${view.record.name} is now the default account`);
				});
			},
			refresh(view) {
				say('info', `Refreshing ${view.record.name}…`);
				run(async signal => {
					const token = await services.tokens.get({account: view.record.name, force: true, signal});
					await reload(signal);
					say('ok', `Refreshed ${view.record.name}; the token is valid for ${formatCountdown(token.expiresAt - services.clock.now())}`);
				});
			},
			copyToken(view, asHeader) {
				say('info', 'Getting a fresh token…');
				run(async signal => {
					const token = await services.tokens.get({account: view.record.name, signal});
					if (signal.aborted) {
						return;
					}

					const text = asHeader ? `Authorization: Bearer ${token.accessToken}` : token.accessToken;
					await clipboardKeeper.copySecret(text, asHeader ? 'the Authorization header' : 'the access token');
					// The clipboard's own status now speaks; the list shows the token's new expiry.
					await reload(signal);
				});
			},
			useTenant(view, tenant) {
				run(async signal => {
					await services.accounts.setDefault(view.record.name, tenant.id);
					await reload(signal);
					say('ok', `${view.record.name} now uses tenant ${tenant.name ?? tenant.domain ?? tenant.id}`);
				});
			},
			signOut(view) {
				run(async signal => {
					await services.accounts.remove(view.record.name);
					await reload(signal);
					say('ok', `Signed out ${view.record.name}; its tokens and secrets are gone`);
				});
			},
		};
	}, [services, clipboardKeeper, dispatch, run, say]);
}
