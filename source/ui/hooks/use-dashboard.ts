import {useContext} from 'react';
import {DashboardContext, type Dashboard} from '../dashboard-context.js';

export function useDashboard(): Dashboard {
	const dashboard = useContext(DashboardContext);
	if (!dashboard) {
		throw new Error('Dashboard views must be rendered inside <App>.');
	}

	return dashboard;
}
