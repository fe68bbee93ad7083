/**
 * A clock whose sleeps return at once and move time forward by exactly what was asked, so a
 * 15-minute device-code flow runs in milliseconds and every wait can be asserted.
 */
import type {Clock} from '../../source/model/clock.js';

export class VirtualClock implements Clock {
	readonly sleeps: number[] = [];
	#now: number;

	constructor(start = Date.now()) {
		this.#now = start;
	}

	now(): number {
		return this.#now;
	}

	async sleep(ms: number, signal?: AbortSignal): Promise<void> {
		if (signal?.aborted) {
			throw new DOMException('The operation was aborted.', 'AbortError');
		}

		this.sleeps.push(ms);
		this.#now += ms;
	}

	advance(ms: number): void {
		this.#now += ms;
	}
}
