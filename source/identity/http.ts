/**
 * One fetch for all protocol requests: it bounds each request in time, ties it to the caller's
 * AbortSignal, and remembers the server's Date header so token expiry survives a wrong local clock.
 */
import type {Clock} from '../model/clock.js';

export interface HttpContext {
	fetch: typeof fetch;
	clock: Clock;
	signal?: AbortSignal;
	/** Per-request limit; a stalled server must not hang a prompt hook forever. */
	timeoutMs?: number;
}

export interface ServerTime {
	/** Server clock minus local clock at the last response, in ms (0 when no Date header). */
	skewMs: number;
	/** Local receive time of the last response. */
	receivedAt: number;
}

export const skewThresholdMs = 60_000;

export function createProtocolFetch(context: HttpContext): {fetch: typeof fetch; serverTime: ServerTime} {
	const serverTime: ServerTime = {skewMs: 0, receivedAt: context.clock.now()};
	const protocolFetch = async (input: URL | RequestInfo, init?: RequestInit): Promise<Response> => {
		const signals = [AbortSignal.timeout(context.timeoutMs ?? 30_000)];
		if (context.signal) {
			signals.push(context.signal);
		}

		if (init?.signal) {
			signals.push(init.signal);
		}

		const response = await context.fetch(input, {...init, signal: AbortSignal.any(signals)});
		serverTime.receivedAt = context.clock.now();
		const date = Date.parse(response.headers.get('date') ?? '');
		serverTime.skewMs = Number.isNaN(date) ? 0 : date - serverTime.receivedAt;
		return response;
	};

	return {fetch: protocolFetch as typeof fetch, serverTime};
}

/** Date headers have one-second resolution; only a skew beyond a minute is worth acting on. */
export function significantSkew(serverTime: ServerTime): number | undefined {
	return Math.abs(serverTime.skewMs) > skewThresholdMs ? serverTime.skewMs : undefined;
}
