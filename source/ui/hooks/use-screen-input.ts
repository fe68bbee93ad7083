/**
 * useInput for a screen: the keys come through the dashboard's KeyRouter, attached during the
 * commit (a layout effect), so no key typed during a screen change is lost or misdelivered.
 */
import {useLayoutEffect, useRef} from 'react';
import type {KeyHandler} from '../key-router.js';
import {useDashboard} from './use-dashboard.js';

export function useScreenInput(handler: KeyHandler): void {
	const {keys} = useDashboard();
	const latest = useRef(handler);
	useLayoutEffect(() => {
		latest.current = handler;
	});
	useLayoutEffect(() => keys.attach((input, key) => {
		latest.current(input, key);
	}), [keys]);
}
