import type {Services} from '../../services.js';
import {useDashboard} from './use-dashboard.js';

export function useServices(): Services {
	return useDashboard().services;
}
