/**
 * The one React context of the dashboard. It carries the Services object (the only way the UI
 * reaches tokens, accounts, the clipboard, the browser and time) and the few UI-wide helpers
 * built on it: the theme, the once-a-second ticker, the clipboard keeper, the key router and,
 * full screen, the painter of live cells.
 */
import {createContext} from 'react';
import type {Services} from '../model/services.js';
import type {ClipboardKeeper} from './clipboard-keeper.js';
import type {KeyRouter} from './key-router.js';
import type {LivePainter} from './live-painter.js';
import type {SecondTicker} from './second-ticker.js';
import type {Theme} from './theme.js';

export interface Dashboard {
	services: Services;
	theme: Theme;
	ticker: SecondTicker;
	clipboardKeeper: ClipboardKeeper;
	keys: KeyRouter;
	/** Repaints countdowns in place; only on the full-screen dashboard of a real terminal. */
	painter?: LivePainter;
}

export const DashboardContext = createContext<Dashboard | undefined>(undefined);
