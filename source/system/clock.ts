/**
 * Time enters msid only through a Clock, so tests move time instead of waiting for it.
 */
export interface Clock {
	/** Milliseconds since the epoch. */
	now(): number;
	/** Resolves after `ms`, or rejects with an AbortError when `signal` aborts. */
	sleep(ms: number, signal?: AbortSignal): Promise<void>;
}

export const systemClock: Clock = {
	now: () => Date.now(),
	sleep: (ms, signal) =>
		new Promise((resolve, reject) => {
			if (signal?.aborted) {
				reject(abortReason(signal));
				return;
			}

			const timer = setTimeout(() => {
				signal?.removeEventListener('abort', onAbort);
				resolve();
			}, ms);
			const onAbort = () => {
				clearTimeout(timer);
				reject(abortReason(signal!));
			};

			signal?.addEventListener('abort', onAbort, {once: true});
		}),
};

function abortReason(signal: AbortSignal): Error {
	const reason: unknown = signal.reason;
	if (reason instanceof Error && reason.name === 'AbortError') {
		return reason;
	}

	return new DOMException('The operation was aborted.', 'AbortError');
}
