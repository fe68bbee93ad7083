import {useSyncExternalStore} from 'react';
import {useDashboard} from './use-dashboard.js';

/**
 * The current time in ms, floored to the second. The component re-renders when the second
 * changes and never more often, whatever else moves on screen.
 */
export function useClock(): number {
	const {ticker} = useDashboard();
	return useSyncExternalStore(ticker.subscribe, ticker.now, ticker.now);
}
