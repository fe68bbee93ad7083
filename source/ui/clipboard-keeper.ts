/**
 * Puts a secret on the clipboard and takes it off again after 45 s, but only if the clipboard
 * still holds it: whatever the user copied since is left alone. The token itself is kept only
 * for that comparison and never exposed to a view; views see a status.
 */
import type {ClipboardService} from '../model/services.js';
import type {Clock} from '../model/clock.js';
import {nextNoticeOrder} from './notice.js';

export const clipboardClearDelayMs = 45_000;

export type ClipboardStatus =
	| {state: 'idle'}
	| {state: 'holding'; what: string; clearsAt: number; order: number}
	| {state: 'cleared'; order: number}
	/** The user copied something else meanwhile, so msid left the clipboard alone. */
	| {state: 'replaced'; order: number}
	| {state: 'failed'; message: string; order: number};

export class ClipboardKeeper {
	private status: ClipboardStatus = {state: 'idle'};
	private secret: string | undefined;
	private timer: AbortController | undefined;
	private readonly listeners = new Set<() => void>();

	constructor(
		private readonly clipboard: ClipboardService,
		private readonly clock: Clock,
		private readonly clearAfterMs = clipboardClearDelayMs,
	) {}

	readonly getStatus = (): ClipboardStatus => this.status;

	readonly subscribe = (listener: () => void): (() => void) => {
		this.listeners.add(listener);
		return () => this.listeners.delete(listener);
	};

	/** Rejects with the clipboard's own error (it says why and how to fix it). */
	async copySecret(secret: string, what: string): Promise<void> {
		this.timer?.abort();
		// Known before the write finishes: a dispose() while it runs (the terminal closed) still clears it.
		this.secret = secret;
		try {
			await this.clipboard.writeSecret(secret);
		} catch (error) {
			this.secret = undefined;
			throw error;
		}

		this.setStatus({state: 'holding', what, clearsAt: this.clock.now() + this.clearAfterMs, order: nextNoticeOrder()});
		const timer = new AbortController();
		this.timer = timer;
		void this.clearLater(timer.signal);
	}

	/** Clears at once if the clipboard still holds the secret; for leaving the dashboard early. */
	async dispose(): Promise<void> {
		this.timer?.abort();
		this.timer = undefined;
		if (this.secret !== undefined) {
			await this.clearIfStillHeld().catch(() => undefined);
		}
	}

	private async clearLater(signal: AbortSignal): Promise<void> {
		try {
			await this.clock.sleep(this.clearAfterMs, signal);
		} catch {
			return;
		}

		try {
			await this.clearIfStillHeld();
		} catch (error) {
			this.setStatus({state: 'failed', message: error instanceof Error ? error.message : String(error), order: nextNoticeOrder()});
		}
	}

	private async clearIfStillHeld(): Promise<void> {
		const secret = this.secret;
		this.secret = undefined;
		const outcome = await this.clipboard.clearIf(current => current === secret);
		this.setStatus({state: outcome, order: nextNoticeOrder()});
	}

	private setStatus(status: ClipboardStatus): void {
		this.status = status;
		for (const listener of this.listeners) {
			listener();
		}
	}
}
