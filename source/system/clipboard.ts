/**
 * The clipboard, with one addition for secrets: copySecret clears the clipboard again after a
 * while, but only if it still holds the secret, so whatever the user copied since survives.
 * The secret is compared in memory and never appears in a message.
 */
import {MsidError} from '../model/errors.js';
import type {ClipboardService} from '../model/services.js';
import type {Clock} from '../model/clock.js';
import {concealedCopier} from './concealed-copy.js';
import {chooseClipboard, osc52Clipboard, tmuxClipboard, type TerminalClipboard} from './terminal-clipboard.js';

export interface ClipboardBackend {
	write(text: string): Promise<void>;
	read(): Promise<string>;
	/** False where the clipboard cannot be read back; such a clipboard is cleared unconditionally. */
	readonly canRead?: boolean;
	/** Drops msid's own copy of a secret when the user copied something else since. */
	forget?(): Promise<void>;
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

export interface ClipboardOptions {
	clock: Clock;
	/** Tests hand one in; otherwise chosen from the environment (terminal-clipboard.ts). */
	backend?: ClipboardBackend;
	env?: NodeJS.ProcessEnv;
	/** The terminal for OSC 52 when this process has none of its own (the detached clearer). */
	ttyPath?: string;
	/** Default process.platform: where the system clipboard can keep a secret out of its history. */
	platform?: NodeJS.Platform;
}

export function createClipboard({clock, backend, env = process.env, ttyPath, platform = process.platform}: ClipboardOptions): Clipboard {
	const hasTerminal = ttyPath !== undefined || Boolean(process.stdout.isTTY || process.stderr.isTTY || process.stdin.isTTY);
	const terminal = (): TerminalClipboard | undefined => {
		switch (chooseClipboard(env, platform, hasTerminal)) {
			case 'tmux': {
				return tmuxClipboard(env);
			}

			case 'osc52': {
				return osc52Clipboard(ttyPath);
			}

			case 'system': {
				return undefined;
			}
		}
	};

	// clipboardy is loaded on first use: most commands never touch the clipboard.
	const getBackend = async (): Promise<ClipboardBackend> => backend ?? terminal() ?? (await import('clipboardy')).default;
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

	// A secret on the system clipboard goes with the platform's "keep out of history" mark.
	const concealed = backend ? undefined : concealedCopier(platform, env);
	const writeSecret = async (text: string) => {
		if (concealed && chooseClipboard(env, platform, hasTerminal) === 'system') {
			try {
				await concealed(text);
				return;
			} catch {
				// PowerShell or osascript refused (a locked-down machine): a plain copy still works.
			}
		}

		await write(text);
	};

	const clearIf = async (stillHolds: (current: string) => boolean): Promise<'cleared' | 'replaced'> => {
		const chosen = await getBackend();
		if (chosen.canRead === false || stillHolds(await read())) {
			await write('');
			return 'cleared';
		}

		await chosen.forget?.();
		return 'replaced';
	};

	return {
		write,
		writeSecret,
		read,
		clearIf,
		async copySecret(text, {clearAfterMs = defaultClearAfterMs} = {}) {
			await writeSecret(text);
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

				return clearIf(current => current === text);
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
