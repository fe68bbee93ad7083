import type {Theme} from '../theme.js';
import {useDashboard} from './use-dashboard.js';

export function useTheme(): Theme {
	return useDashboard().theme;
}
