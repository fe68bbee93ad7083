import {useSyncExternalStore} from 'react';
import type {ClipboardStatus} from '../clipboard-keeper.js';
import {useDashboard} from './use-dashboard.js';

export function useClipboardStatus(): ClipboardStatus {
	const {clipboardKeeper} = useDashboard();
	return useSyncExternalStore(clipboardKeeper.subscribe, clipboardKeeper.getStatus, clipboardKeeper.getStatus);
}
