/**
 * Time enters msid only through a Clock, so tests move time instead of waiting for it.
 */
export interface Clock {
	/** Milliseconds since the epoch. */
	now(): number;
	/** Resolves after `ms`, or rejects with an AbortError when `signal` aborts. */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
}
