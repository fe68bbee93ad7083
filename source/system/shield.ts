/**
 * The process-wide Shield (model/shield.ts): a count of running shielded work and a promise
 * that settles when it drops to zero.
 */
import type {Shield, ShieldedWork} from '../model/shield.js';

export function createShield(): Shield {
	const running: ShieldedWork[] = [];
	let waiters: Array<() => void> = [];
	return {
		async run(what, work) {
			running.push(what);
			try {
				return await work();
			} finally {
				running.splice(running.indexOf(what), 1);
				if (running.length === 0) {
					const wake = waiters;
					waiters = [];
					for (const resolve of wake) {
						resolve();
					}
				}
			}
		},
		current: () => running[0],
		async idle() {
			if (running.length > 0) {
				await new Promise<void>(resolve => {
					waiters.push(resolve);
				});
			}
		},
	};
}
