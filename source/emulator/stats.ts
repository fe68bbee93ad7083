import type {FaultEndpoint} from './faults.js';

/** Endpoints that can fail on purpose, plus the pages and the control API. */
export type StatsEndpoint = FaultEndpoint | 'devicelogin' | 'error' | 'control' | 'unknown';

export interface RequestRecord {
	endpoint: StatsEndpoint;
	method: string;
	/** The `{tenant}` path segment as sent. */
	tenant?: string;
	grantType?: string;
	/** Emulator clock, epoch milliseconds. */
	at: number;
}

export interface Stats {
	readonly requests: RequestRecord[];
	/** `grantType` as sent, or its last segment: `device_code` matches `urn:ietf:params:oauth:grant-type:device_code`. */
	count(endpoint: StatsEndpoint, grantType?: string): number;
}

export function createStats(): Stats {
	const requests: RequestRecord[] = [];
	return {
		requests,
		count: (endpoint, grantType) => requests.filter(record => record.endpoint === endpoint && sameGrant(record.grantType, grantType)).length,
	};
}

function sameGrant(recorded: string | undefined, wanted: string | undefined): boolean {
	return wanted === undefined || recorded === wanted || (recorded?.endsWith(`:${wanted}`) ?? false);
}
