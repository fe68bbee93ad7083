/**
 * The dashboard's root: provides the one context (Services and the UI-wide helpers built on
 * it) and routes between screens. Screens own their state; the router only knows where to go.
 */
import {useApp, useInput} from 'ink';
import {useEffect, useLayoutEffect, useMemo, useReducer} from 'react';
import type {Services, SignInRequest} from '../model/services.js';
import {ClipboardKeeper} from './clipboard-keeper.js';
import {CrashGuard} from './components/crash-guard.js';
import {DashboardContext, type Dashboard} from './dashboard-context.js';
import {useDashboard} from './hooks/use-dashboard.js';
import {KeyRouter} from './key-router.js';
import type {LivePainter} from './live-painter.js';
import {AddAccountScreen} from './screens/add-account-screen.js';
import {ErrorScreen} from './screens/error-screen.js';
import {HelpScreen} from './screens/help-screen.js';
import {MainScreen} from './screens/main-screen.js';
import type {MainMemory} from './screens/main-state.js';
import {ScopeAuditScreen} from './screens/scope-audit-screen.js';
import {SignInScreen} from './screens/sign-in-screen.js';
import {SecondTicker} from './second-ticker.js';
import {colorFromEnv, createTheme, type Theme} from './theme.js';

export type Route =
	| {name: 'main'; memory?: MainMemory; message?: string}
	| {name: 'add-account'}
	| {name: 'sign-in'; request: SignInRequest; title: string; memory?: MainMemory}
	| {name: 'scope-audit'; account: {id: string; name: string}; memory?: MainMemory}
	| {name: 'help'; back: Route}
	| {name: 'error'; detail: readonly string[]; back: Route};

/** Exit codes, as docs/cli.md fixes them: 0 quit, 1 crash, 130 cancelled (Ctrl-C). */
export const exitCodes = {quit: 0, crash: 1, interrupted: 130} as const;

export interface AppProps {
	services: Services;
	initialScreen?: Route;
	/** Defaults to colour unless NO_COLOR is set. */
	theme?: Theme;
	/** Pass one to clear the clipboard after the app has gone (runDashboard does). */
	clipboardKeeper?: ClipboardKeeper;
	/** Full screen on a terminal: repaints countdowns without a frame (runDashboard makes it). */
	painter?: LivePainter;
}

interface RouterState {
	route: Route;
	/** Bumped on every navigation so a screen shown again starts fresh. */
	visit: number;
}

function routerReducer(state: RouterState, route: Route): RouterState {
	return {route, visit: state.visit + 1};
}

export function App({services, initialScreen, theme, clipboardKeeper, painter}: AppProps) {
	const {exit} = useApp();
	const dashboard = useMemo<Dashboard>(() => ({
		services,
		theme: theme ?? createTheme({color: colorFromEnv()}),
		ticker: new SecondTicker(services.clock),
		clipboardKeeper: clipboardKeeper ?? new ClipboardKeeper(services.clipboard, services.clock),
		keys: new KeyRouter(),
		...(painter ? {painter} : {}),
	}), [services, theme, clipboardKeeper, painter]);

	// A layout effect: it ends within Ink's unmount, before Ink leaves the alternate screen.
	useLayoutEffect(() => dashboard.painter?.connect(dashboard.ticker), [dashboard]);

	// Leaving early must not leave a token on the clipboard.
	useEffect(() => {
		if (clipboardKeeper) {
			return undefined;
		}

		return () => {
			void dashboard.clipboardKeeper.dispose();
		};
	}, [dashboard, clipboardKeeper]);

	useInput((input, key) => {
		if (key.ctrl && input === 'c') {
			exit(exitCodes.interrupted);
		} else {
			dashboard.keys.press(input, key);
		}
	});

	return (
		<DashboardContext.Provider value={dashboard}>
			<CrashGuard onCrash={error => {
				exit(error);
			}}
			>
				<Router initial={initialScreen ?? {name: 'main'}} onQuit={() => {
					exit(exitCodes.quit);
				}}
				/>
			</CrashGuard>
		</DashboardContext.Provider>
	);
}

function Router({initial, onQuit}: {initial: Route; onQuit: () => void}) {
	const {keys} = useDashboard();
	const [{route, visit}, show] = useReducer(routerReducer, {route: initial, visit: 0});
	const go = (next: Route) => {
		keys.leave();
		show(next);
	};

	switch (route.name) {
		case 'main': {
			return (
				<MainScreen
					key={visit}
					memory={route.memory}
					message={route.message}
					onAddAccount={() => {
						go({name: 'add-account'});
					}}
					onSignInAgain={accountId => {
						go({name: 'sign-in', request: {accountId}, title: 'msid · sign in again', memory: {selectId: accountId}});
					}}
					onScopeAudit={(account, memory) => {
						go({name: 'scope-audit', account, memory});
					}}
					onHelp={memory => {
						go({name: 'help', back: {name: 'main', memory}});
					}}
					onError={(detail, memory) => {
						go({name: 'error', detail, back: {name: 'main', memory}});
					}}
					onQuit={onQuit}
				/>
			);
		}

		case 'add-account': {
			return (
				<AddAccountScreen
					key={visit}
					onSubmit={request => {
						go({name: 'sign-in', request, title: `msid · sign in · ${request.provider ?? 'entra'}${request.tenant ? ` · ${request.tenant}` : ''}`});
					}}
					onCancel={() => {
						go({name: 'main'});
					}}
				/>
			);
		}

		case 'sign-in': {
			return (
				<SignInScreen
					key={visit}
					request={route.request}
					title={route.title}
					onSignedIn={account => {
						go({name: 'main', memory: {selectId: account.id}, message: `Signed in as ${account.name}`});
					}}
					onCancel={() => {
						go({name: 'main', memory: route.memory});
					}}
				/>
			);
		}

		case 'scope-audit': {
			return (
				<ScopeAuditScreen
					key={visit}
					account={route.account}
					onBack={() => {
						go({name: 'main', memory: route.memory ?? {selectId: route.account.id}});
					}}
					onHelp={() => {
						go({name: 'help', back: route});
					}}
				/>
			);
		}

		case 'error': {
			return (
				<ErrorScreen
					key={visit}
					detail={route.detail}
					onBack={() => {
						go(route.back);
					}}
				/>
			);
		}

		case 'help': {
			return (
				<HelpScreen
					key={visit}
					onBack={() => {
						go(route.back);
					}}
				/>
			);
		}
	}
}
