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

/**
 * Something that depends on the time, such as an account's state or a notice's text. The
 * component re-renders only when the value changes, not every second: a tick then redraws
 * only what it changes (the countdown cells), not every row on screen. `select` must return
 * a primitive (a new object each time would count as a change every time).
 */
export function useClockSelect<T extends string | number | boolean | undefined>(select: (now: number) => T): T {
	const {ticker} = useDashboard();
	const snapshot = () => select(ticker.now());
	return useSyncExternalStore(ticker.subscribe, snapshot, snapshot);
}
