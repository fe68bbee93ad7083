import type {Services} from '../../model/services.js';
import {useDashboard} from './use-dashboard.js';

export function useServices(): Services {
	return useDashboard().services;
}
