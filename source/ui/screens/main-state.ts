/**
 * The accounts screen's state and its one reducer: the list, the selection, the filter, which
 * prompt (if any) has the keyboard, and the notice line.
 */
import type {AccountView} from '../../model/services.js';
import {notice, type Notice} from '../notice.js';

export type MainMode =
	| {kind: 'browse'}
	| {kind: 'filter'}
	| {kind: 'confirm-sign-out'; accountId: string}
	| {kind: 'pick-tenant'; accountId: string; cursor: number};

export interface MainState {
	accounts: AccountView[];
	loaded: boolean;
	selectedId: string | undefined;
	filter: string;
	mode: MainMode;
	notice: Notice | undefined;
	/** The full text of the last failure, for the error key, even after newer notices. */
	failure?: readonly string[];
}

export type MainAction =
	| {type: 'loaded'; accounts: AccountView[]}
	| {type: 'select'; accountId: string}
	| {type: 'move'; delta: number}
	| {type: 'filter-start'}
	| {type: 'filter-type'; text: string}
	| {type: 'filter-erase'}
	| {type: 'filter-accept'}
	| {type: 'filter-clear'}
	| {type: 'confirm-sign-out'; accountId: string}
	| {type: 'pick-tenant'; accountId: string}
	| {type: 'tenant-move'; delta: number}
	| {type: 'close-prompt'}
	| {type: 'notice'; notice: Notice | undefined};

/** What the accounts screen keeps while another screen is shown: the selection and the filter. */
export interface MainMemory {
	selectId?: string;
	filter?: string;
}

export function initialMainState({selectId, filter, message}: MainMemory & {message?: string}): MainState {
	return {accounts: [], loaded: false, selectedId: selectId, filter: filter ?? '', mode: {kind: 'browse'}, notice: message ? notice('ok', message) : undefined};
}

/** Accounts whose name, user, display name or any tenant contains the filter (any case). */
export function visibleAccounts(state: Pick<MainState, 'accounts' | 'filter'>): AccountView[] {
	const needle = state.filter.trim().toLowerCase();
	if (needle === '') {
		return state.accounts;
	}

	return state.accounts.filter(({record}) => [
		record.name,
		record.alias,
		record.username,
		record.displayName,
		...record.tenants.flatMap(tenant => [tenant.name, tenant.domain, tenant.id]),
	].some(text => text?.toLowerCase().includes(needle)));
}

export function selectedAccount(state: MainState): AccountView | undefined {
	return visibleAccounts(state).find(view => view.record.id === state.selectedId);
}

/** Keeps the selection on a visible account: the same one if it still shows, else the first. */
function withValidSelection(state: MainState): MainState {
	const visible = visibleAccounts(state);
	if (visible.some(view => view.record.id === state.selectedId)) {
		return state;
	}

	const fallback = visible.find(view => view.isDefault) ?? visible[0];
	return {...state, selectedId: fallback?.record.id};
}

/**
 * A question about an account that another process has just removed is withdrawn: the
 * selection moved on, and the answer must never act on the account selected now.
 */
function withoutStalePrompt(before: MainState, after: MainState): MainState {
	const {mode} = after;
	if ((mode.kind !== 'confirm-sign-out' && mode.kind !== 'pick-tenant') || mode.accountId === after.selectedId) {
		return after;
	}

	const name = before.accounts.find(view => view.record.id === mode.accountId)?.record.name ?? 'The account';
	return {...after, mode: {kind: 'browse'}, notice: notice('warn', `${name} was signed out elsewhere`)};
}

export function mainReducer(state: MainState, action: MainAction): MainState {
	switch (action.type) {
		case 'loaded': {
			return withoutStalePrompt(state, withValidSelection({...state, accounts: action.accounts, loaded: true}));
		}

		case 'select': {
			return withValidSelection({...state, selectedId: action.accountId});
		}

		case 'move': {
			const visible = visibleAccounts(state);
			const index = visible.findIndex(view => view.record.id === state.selectedId);
			const next = visible[Math.min(visible.length - 1, Math.max(0, index + action.delta))];
			return next ? {...state, selectedId: next.record.id} : state;
		}

		case 'filter-start': {
			return {...state, mode: {kind: 'filter'}};
		}

		case 'filter-type': {
			return withValidSelection({...state, filter: state.filter + action.text});
		}

		case 'filter-erase': {
			return withValidSelection({...state, filter: [...state.filter].slice(0, -1).join('')});
		}

		case 'filter-accept': {
			return {...state, mode: {kind: 'browse'}};
		}

		case 'filter-clear': {
			return withValidSelection({...state, filter: '', mode: {kind: 'browse'}});
		}

		case 'confirm-sign-out': {
			return {...state, mode: {kind: 'confirm-sign-out', accountId: action.accountId}};
		}

		case 'pick-tenant': {
			const account = state.accounts.find(view => view.record.id === action.accountId);
			const cursor = Math.max(0, account?.record.tenants.findIndex(tenant => tenant.id === account.record.activeTenantId) ?? 0);
			return {...state, mode: {kind: 'pick-tenant', accountId: action.accountId, cursor}};
		}

		case 'tenant-move': {
			if (state.mode.kind !== 'pick-tenant') {
				return state;
			}

			const {accountId} = state.mode;
			const count = state.accounts.find(view => view.record.id === accountId)?.record.tenants.length ?? 0;
			const cursor = Math.min(Math.max(0, state.mode.cursor + action.delta), Math.max(0, count - 1));
			return {...state, mode: {...state.mode, cursor}};
		}

		case 'close-prompt': {
			return {...state, mode: {kind: 'browse'}};
		}

		case 'notice': {
			return {...state, notice: action.notice, failure: action.notice?.detail ?? state.failure};
		}
	}
}
