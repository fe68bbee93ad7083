/**
 * A Clock whose time moves only when the test says so.
 */
import type {Clock} from '../../source/model/clock.js';

export class FakeClock implements Clock {
	private time = 0;
	private sleepers: Array<{until: number; resolve: () => void}> = [];

	now(): number {
		return this.time;
	}

	async sleep(ms: number, signal?: AbortSignal): Promise<void> {
		signal?.throwIfAborted();
		return new Promise((resolve, reject) => {
			const sleeper = {until: this.time + ms, resolve};
			this.sleepers.push(sleeper);
			signal?.addEventListener('abort', () => {
				this.sleepers = this.sleepers.filter(other => other !== sleeper);
				reject(new DOMException('The operation was aborted.', 'AbortError'));
			}, {once: true});
		});
	}

	/** Moves time on and wakes every sleeper that is due. */
	advance(ms: number): void {
		this.time += ms;
		const due = this.sleepers.filter(sleeper => sleeper.until <= this.time);
		this.sleepers = this.sleepers.filter(sleeper => sleeper.until > this.time);
		for (const sleeper of due) {
			sleeper.resolve();
		}
	}

	get pendingSleeps(): number {
		return this.sleepers.length;
	}
}
