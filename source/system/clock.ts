/**
 * The real clock, for production; tests hand the core a virtual one.
 */
import type {Clock} from '../model/clock.js';

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
