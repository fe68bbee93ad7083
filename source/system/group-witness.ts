/**
 * Tells whether a signal msid received was sent to msid alone (`kill -INT PID`) or to its whole
 * process group (Ctrl-C, Ctrl-\ and a hang-up: the terminal signals every process of the
 * foreground group; `kill -- -PGID` too). Node does not say who sent a signal, so a witness
 * does: a tiny `sh` in msid's process group that dies of those signals like any process with
 * default handlers. If it died of the same signal at the same moment, the signal reached the
 * group, and so already reached the command msid runs: msid must not deliver it a second time.
 *
 * The witness reads a pipe from msid and ends when msid does, whatever ends msid; it handles
 * SIGQUIT with an exit (131) so a Ctrl-\ leaves no core file.
 */
import {spawn, type ChildProcess} from 'node:child_process';

/** How long msid waits for the witness' death after its own signal: both come from one kill. */
const sameMomentMs = 250;

export type WitnessedSignal = 'SIGINT' | 'SIGQUIT' | 'SIGTERM' | 'SIGHUP';

export class GroupWitness {
	private child: ChildProcess | undefined;
	/** The signal the last witness died of, not yet claimed by a signal msid received. */
	private death: {signal: WitnessedSignal; at: number} | undefined;
	private readonly waiters = new Set<() => void>();
	private stopped = false;

	constructor() {
		this.spawn();
	}

	/** Resolves true when `signal` also reached msid's process group (the witness died of it). */
	async reachedGroup(signal: WitnessedSignal): Promise<boolean> {
		const deadline = Date.now() + sameMomentMs;
		while (!this.claim(signal)) {
			const left = deadline - Date.now();
			if (left <= 0 || this.stopped) {
				return false;
			}

			await new Promise<void>(resolve => {
				const done = () => {
					clearTimeout(timer);
					this.waiters.delete(done);
					resolve();
				};

				const timer = setTimeout(done, left);
				this.waiters.add(done);
			});
		}

		return true;
	}

	stop(): void {
		this.stopped = true;
		this.child?.stdin?.destroy();
		this.child?.kill('SIGKILL');
		for (const wake of this.waiters) {
			wake();
		}
	}

	private claim(signal: WitnessedSignal): boolean {
		if (this.death?.signal === signal && Date.now() - this.death.at <= sameMomentMs) {
			this.death = undefined;
			return true;
		}

		return false;
	}

	private spawn(): void {
		const child = spawn('/bin/sh', ['-c', 'trap "exit 131" QUIT; read _'], {stdio: ['pipe', 'ignore', 'ignore']});
		this.child = child;
		// A witness that cannot start leaves msid forwarding every signal, as before.
		child.on('error', () => undefined);
		child.on('exit', (code, signal) => {
			const died = code === 131 ? 'SIGQUIT' : signal;
			if (died === 'SIGINT' || died === 'SIGQUIT' || died === 'SIGTERM' || died === 'SIGHUP') {
				this.death = {signal: died, at: Date.now()};
			}

			for (const wake of this.waiters) {
				wake();
			}

			this.waiters.clear();
			if (!this.stopped) {
				this.spawn();
			}
		});
		// Neither the witness nor its pipe may keep msid running.
		child.unref();
		(child.stdin as unknown as {unref?: () => void} | null)?.unref?.();
	}
}
