/**
 * One shared once-a-second beat for every countdown on screen, driven by the injected Clock so
 * tests move time instead of waiting. It sleeps to the next whole second and only runs while
 * someone is watching, so an idle dashboard schedules nothing.
 */
import type {Clock} from '../model/clock.js';

export class SecondTicker {
	private readonly listeners = new Set<() => void>();
	private controller: AbortController | undefined;

	constructor(private readonly clock: Clock) {}

	/** The current time, floored to the second: equal within one tick, so renders stay stable. */
	readonly now = (): number => Math.floor(this.clock.now() / 1000) * 1000;

	readonly subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		if (!this.controller) {
			this.start();
		}

		return () => {
			this.listeners.delete(listener);
			if (this.listeners.size === 0) {
				this.controller?.abort();
				this.controller = undefined;
			}
		};
	};

	private start(): void {
		const controller = new AbortController();
		this.controller = controller;
		void this.run(controller.signal);
	}

	private async run(signal: AbortSignal): Promise<void> {
		while (!signal.aborted) {
			const untilNextSecond = 1000 - (this.clock.now() % 1000);
			try {
				await this.clock.sleep(untilNextSecond, signal);
			} catch {
				return;
			}

			for (const listener of this.listeners) {
				listener();
			}
		}
	}
}
