/**
 * The accounts screen: the list on the left, the selected account on the right, the notice and
 * key hints below. It owns the keyboard in browse and filter modes; the tenant picker and the
 * sign-out question take it over while shown.
 */
import {Box} from 'ink';
import {useEffect} from 'react';
import {AccountList} from '../components/account-list.js';
import {clipboardNotice} from '../components/clipboard-notice.js';
import {DetailPane} from '../components/detail-pane.js';
import {FilterBox} from '../components/filter-box.js';
import {Line} from '../components/line.js';
import {ScreenFrame, type BodySize} from '../components/screen-frame.js';
import {TenantPicker} from '../components/tenant-picker.js';
import {useClipboardStatus} from '../hooks/use-clipboard-status.js';
import {useClockSelect} from '../hooks/use-clock.js';
import {useDashboard} from '../hooks/use-dashboard.js';
import {useLatestReducer} from '../hooks/use-latest-reducer.js';
import {useScreenInput} from '../hooks/use-screen-input.js';
import {filterKeys, isTypedText, mainKeys, matchAction, pickerKeys, confirmKeys} from '../keymap.js';
import {newest, notice} from '../notice.js';
import {dashboardRemedy} from '../remedy-text.js';
import {errorDetail} from '../describe-error.js';
import {useStoreCheck} from '../hooks/use-store-status.js';
import {ConfirmScreen} from './confirm-screen.js';
import {useMainCommands} from './main-commands.js';
import {initialMainState, mainReducer, selectedAccount, visibleAccounts, type MainMemory, type MainState} from './main-state.js';

export interface MainScreenProps {
	/** Selection (an account id, e.g. after a sign-in) and filter to restore. */
	memory?: MainMemory;
	/** A notice to open with, e.g. who just signed in. */
	message?: string;
	onAddAccount: () => void;
	onSignInAgain: (accountId: string) => void;
	onScopeAudit: (account: {id: string; name: string}, memory: MainMemory) => void;
	onHelp: (memory: MainMemory) => void;
	/** Shows the full text of a failure. */
	onError: (detail: readonly string[], memory: MainMemory) => void;
	onQuit: () => void;
}

export function MainScreen({memory, message, onAddAccount, onSignInAgain, onScopeAudit, onHelp, onError, onQuit}: MainScreenProps) {
	const {ticker} = useDashboard();
	const [state, dispatch, latest] = useLatestReducer(mainReducer, () => initialMainState({...memory, message}));
	const commands = useMainCommands(dispatch);
	const storeCheck = useStoreCheck();
	const clipboard = useClipboardStatus();
	// Re-render for the clipboard notice's countdown only while it shows; the rows and the
	// detail pane follow the clock themselves.
	const clipboardLine = useClockSelect(now => clipboardNotice(clipboard, now)?.text);

	useEffect(() => {
		commands.load();
		return commands.follow();
	}, [commands]);

	useScreenInput((input, key) => {
		// Read the latest state, not this render's: keys may arrive before the next render.
		const current = latest.current;
		const selected = selectedAccount(current);
		if (current.mode.kind === 'filter') {
			const action = matchAction(filterKeys, input, key);
			if (action === 'accept') {
				dispatch({type: 'filter-accept'});
			} else if (action === 'clear') {
				dispatch({type: 'filter-clear'});
			} else if (action === 'erase') {
				dispatch({type: 'filter-erase'});
			} else if (key.upArrow || key.downArrow) {
				dispatch({type: 'move', delta: key.upArrow ? -1 : 1});
			} else if (isTypedText(input, key)) {
				dispatch({type: 'filter-type', text: input});
			}

			return;
		}

		if (current.mode.kind === 'confirm-sign-out') {
			const answer = matchAction(confirmKeys, input, key);
			if (answer) {
				dispatch({type: 'close-prompt'});
			}

			if (answer === 'yes' && selected) {
				commands.signOut(selected);
			}

			return;
		}

		if (current.mode.kind === 'pick-tenant') {
			const {cursor} = current.mode;
			const choice = matchAction(pickerKeys, input, key);
			if (choice === 'up' || choice === 'down') {
				dispatch({type: 'tenant-move', delta: choice === 'up' ? -1 : 1});
			} else if (choice === 'back') {
				dispatch({type: 'close-prompt'});
			} else if (choice === 'choose') {
				dispatch({type: 'close-prompt'});
				const tenant = selected?.record.tenants[cursor];
				if (selected && tenant) {
					commands.useTenant(selected, tenant);
				}
			}

			return;
		}

		const action = matchAction(mainKeys, input, key);
		switch (action) {
			case 'up':
			case 'down': {
				dispatch({type: 'move', delta: action === 'up' ? -1 : 1});
				return;
			}

			case 'add': {
				onAddAccount();
				return;
			}

			case 'filter': {
				dispatch({type: 'filter-start'});
				return;
			}

			case 'help': {
				onHelp({selectId: current.selectedId, filter: current.filter});
				return;
			}

			case 'quit': {
				onQuit();
				return;
			}

			case 'error': {
				const reason = selected?.record.needsSignIn?.reason;
				const detail = current.failure
					?? (storeCheck?.ok === false ? errorDetail(storeCheck.error) : undefined)
					?? (reason === undefined ? undefined : [reason, dashboardRemedy({kind: 'sign-in', account: selected!.record.name})]);
				if (detail) {
					onError(detail, {selectId: current.selectedId, filter: current.filter});
				} else {
					dispatch({type: 'notice', notice: notice('info', 'No error to show.')});
				}

				return;
			}

			case 'back': {
				if (current.filter !== '') {
					dispatch({type: 'filter-clear'});
				}

				return;
			}

			case undefined: {
				return;
			}

			default:
		}

		// The rest act on the selected account.
		if (!selected) {
			dispatch({type: 'notice', notice: notice('info', 'No account selected. Press a to add one.')});
			return;
		}

		switch (action) {
			case 'default': {
				if (selected.state === 'needs-sign-in') {
					onSignInAgain(selected.record.id);
				} else {
					commands.makeDefault(selected);
				}

				break;
			}

			case 'refresh': {
				commands.refresh(selected);
				break;
			}

			case 'copy':
			case 'copy-header': {
				commands.copyToken(selected, action === 'copy-header');
				break;
			}

			case 'scopes': {
				onScopeAudit({id: selected.record.id, name: selected.record.name}, {selectId: selected.record.id, filter: current.filter});
				break;
			}

			case 'tenant': {
				if (selected.record.tenants.length < 2) {
					dispatch({type: 'notice', notice: notice('info', `${selected.record.name} knows only one tenant; signing in to another adds it`)});
				} else {
					dispatch({type: 'pick-tenant', accountId: selected.record.id});
				}

				break;
			}

			case 'sign-out': {
				dispatch({type: 'confirm-sign-out', accountId: selected.record.id});
				break;
			}
		}
	});

	const bindings = state.mode.kind === 'filter'
		? filterKeys
		: state.mode.kind === 'pick-tenant' ? pickerKeys : state.mode.kind === 'confirm-sign-out' ? confirmKeys : mainKeys;
	const count = state.accounts.length;
	return (
		<ScreenFrame
			title={`msid · ${count} account${count === 1 ? '' : 's'}`}
			notice={newest(state.notice, clipboardLine === undefined ? undefined : clipboardNotice(clipboard, ticker.now()))}
			bindings={bindings}
		>
			{size => <MainBody state={state} size={size} />}
		</ScreenFrame>
	);
}

function MainBody({state, size}: {state: MainState; size: BodySize}) {
	const leftWidth = Math.min(44, Math.max(24, Math.floor(size.width * 0.38)));
	const rightWidth = Math.max(1, size.width - leftWidth - 2);
	const showFilter = state.mode.kind === 'filter' || state.filter !== '';
	const visible = visibleAccounts(state);
	const selected = selectedAccount(state);
	const {mode} = state;

	let right;
	if (!state.loaded) {
		right = <Line tone="muted">Loading accounts…</Line>;
	} else if (mode.kind === 'confirm-sign-out' && selected) {
		right = (
			<ConfirmScreen
				question={`Sign out ${selected.record.name}?`}
				details={['This removes its tokens and secrets from the', `${selected.insecureStore ? 'file store' : 'keychain'} and the account from msid.`]}
			/>
		);
	} else if (mode.kind === 'pick-tenant' && selected) {
		right = (
			<TenantPicker
				accountName={selected.record.name}
				tenants={selected.record.tenants}
				activeTenantId={selected.record.activeTenantId}
				cursor={mode.cursor}
				height={size.height}
			/>
		);
	} else if (selected) {
		right = <DetailPane view={selected} width={rightWidth} height={size.height} />;
	} else {
		right = <Line tone="muted">{state.accounts.length === 0 ? 'Press a to sign in to a first account.' : 'No account matches the filter.'}</Line>;
	}

	return (
		<Box flexDirection="row" height={size.height}>
			<Box flexDirection="column" width={leftWidth} overflow="hidden">
				{showFilter ? <FilterBox text={state.filter} editing={mode.kind === 'filter'} /> : null}
				{state.loaded
					? <AccountList accounts={visible} selectedId={state.selectedId} width={leftWidth - 1} height={size.height - (showFilter ? 1 : 0)} />
					: null}
			</Box>
			<Box flexDirection="column" width={1}>
				{Array.from({length: size.height}, (_, index) => <Line key={index} tone="muted">│</Line>)}
			</Box>
			<Box flexDirection="column" width={rightWidth + 1} paddingLeft={1} overflow="hidden">
				{right}
			</Box>
		</Box>
	);
}
