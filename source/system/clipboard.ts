/**
 * The clipboard, with one addition for secrets: copySecret clears the clipboard again after a
 * while, but only if it still holds the secret, so whatever the user copied since survives.
 * The secret is compared in memory and never appears in a message.
 */
import {MsidError} from '../model/errors.js';
import type {ClipboardService} from '../model/services.js';
import type {Clock} from '../model/clock.js';

export interface ClipboardBackend {
	write(text: string): Promise<void>;
	read(): Promise<string>;
}

export type SecretCopyOutcome = 'cleared' | 'replaced' | 'cancelled';

export interface SecretCopy {
	/** Stops the timer; the clipboard keeps what it holds. */
	cancel(): void;
	/** 'cleared': still held the secret and was emptied; 'replaced': the user copied something else since. */
	done: Promise<SecretCopyOutcome>;
}

export interface Clipboard extends ClipboardService {
	copySecret(text: string, options?: {clearAfterMs?: number}): Promise<SecretCopy>;
}

export const defaultClearAfterMs = 45_000;

export function createClipboard({clock, backend}: {clock: Clock; backend?: ClipboardBackend}): Clipboard {
	// clipboardy is loaded on first use: most commands never touch the clipboard.
	const getBackend = async (): Promise<ClipboardBackend> => backend ?? (await import('clipboardy')).default;
	const write = async (text: string) => {
		try {
			await (await getBackend()).write(text);
		} catch (error) {
			throw clipboardError(error);
		}
	};

	const read = async () => {
		try {
			return await (await getBackend()).read();
		} catch (error) {
			throw clipboardError(error);
		}
	};

	return {
		write,
		read,
		async copySecret(text, {clearAfterMs = defaultClearAfterMs} = {}) {
			await write(text);
			const controller = new AbortController();
			const done = (async (): Promise<SecretCopyOutcome> => {
				try {
					await clock.sleep(clearAfterMs, controller.signal);
				} catch (error) {
					if (controller.signal.aborted) {
						return 'cancelled';
					}

					throw error;
				}

				if ((await read()) !== text) {
					return 'replaced';
				}

				await write('');
				return 'cleared';
			})();
			return {cancel: () => controller.abort(), done};
		},
	};
}

/**
 * One line that says what is missing and how to fix it. The original error is reduced to its
 * first line: a failed read carries the clipboard's contents (maybe the token) in its output.
 */
export function clipboardError(error: unknown): MsidError {
	const message = error instanceof Error ? error.message : String(error);
	const firstLine = message.split('\n')[0] ?? '';
	const cause = new Error(firstLine);
	if (/wl-copy|wl-paste|wl-clipboard/.test(message) && /find/i.test(message)) {
		return new MsidError('clipboard-unavailable', 'No clipboard program for Wayland was found.', {
			cause,
			hint: 'Install wl-clipboard (e.g. sudo apt install wl-clipboard).',
		});
	}

	if (/xsel|xclip/.test(message) && /find|ENOENT/i.test(message)) {
		return new MsidError('clipboard-unavailable', 'No clipboard program was found.', {
			cause,
			hint: 'Install xsel or xclip (X11) or wl-clipboard (Wayland), e.g. sudo apt install xsel.',
		});
	}

	if (/display|Can't open|WAYLAND/i.test(message)) {
		return new MsidError('clipboard-unavailable', 'There is no display server to hold the clipboard.', {
			cause,
			hint: 'Run inside a desktop session (set DISPLAY or WAYLAND_DISPLAY), or leave out --copy.',
		});
	}

	return new MsidError('clipboard-unavailable', `The clipboard is unavailable: ${firstLine}`, {cause, hint: 'Leave out --copy, or run msid doctor.'});
}
