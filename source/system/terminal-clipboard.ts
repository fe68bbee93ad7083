/**
 * The clipboard of the terminal the user sits at, for sessions whose clipboard programs reach
 * no display (over SSH, in a container, on a server): inside tmux, a named tmux buffer that
 * tmux forwards to the outer terminal (`load-buffer -w`); elsewhere the OSC 52 sequence,
 * written to the terminal itself, which the terminal emulator turns into its clipboard.
 *
 * The token reaches tmux on standard input and the terminal as an escape sequence, never as an
 * argument of a process.
 */
import {closeSync, openSync, writeSync} from 'node:fs';
import type {ClipboardBackend} from './clipboard.js';
import {runWithInput} from './run-program.js';

export type ClipboardKind = 'system' | 'tmux' | 'osc52';

/** The name of tmux's buffer that holds what msid copied, so msid can remove it again. */
export const tmuxBufferName = 'msid-token';

/**
 * Which clipboard reaches the user. `MSID_CLIPBOARD=system|tmux|osc52` decides when set. Over
 * SSH the local clipboard programs would fill the server's clipboard, not the user's; on a
 * Linux or BSD machine without DISPLAY or WAYLAND_DISPLAY they have no clipboard at all.
 */
export function chooseClipboard(env: NodeJS.ProcessEnv, platform: NodeJS.Platform = process.platform, hasTerminal = true): ClipboardKind {
	const wanted = env['MSID_CLIPBOARD'];
	if (wanted === 'system' || wanted === 'tmux' || wanted === 'osc52') {
		return wanted;
	}

	const overSsh = Boolean(env['SSH_CONNECTION'] || env['SSH_TTY'] || env['SSH_CLIENT']);
	const noDisplay = platform !== 'darwin' && platform !== 'win32' && !env['DISPLAY'] && !env['WAYLAND_DISPLAY'];
	if (!overSsh && !noDisplay) {
		return 'system';
	}

	if (env['TMUX']) {
		return 'tmux';
	}

	return hasTerminal ? 'osc52' : 'system';
}

/** OSC 52 "set the clipboard selection" with the text as base64, ended by BEL. */
export function osc52(text: string): string {
	return `\u001B]52;c;${Buffer.from(text, 'utf8').toString('base64')}\u0007`;
}

export interface TerminalClipboard extends ClipboardBackend {
	/** False where what the clipboard holds cannot be read back (plain OSC 52). */
	readonly canRead: boolean;
	/** Removes msid's own copy even when the user copied something else since (tmux's buffer list). */
	forget(): Promise<void>;
}

/** tmux's buffers, forwarded to the outer terminal's clipboard. */
export function tmuxClipboard(env: NodeJS.ProcessEnv): TerminalClipboard {
	const tmux = async (args: string[], input?: string) => runWithInput('tmux', args, env, input);
	return {
		canRead: true,
		async write(text) {
			if (text === '') {
				// Clearing: overwrite the outer terminal's clipboard, then drop both buffers.
				await tmux(['load-buffer', '-b', `${tmuxBufferName}-clear`, '-w', '-'], ' ');
				await tmux(['delete-buffer', '-b', `${tmuxBufferName}-clear`]).catch(() => '');
				await tmux(['delete-buffer', '-b', tmuxBufferName]).catch(() => '');
				return;
			}

			await tmux(['load-buffer', '-b', tmuxBufferName, '-w', '-'], text);
		},
		// What a paste would insert: the newest buffer.
		read: async () => tmux(['show-buffer']).catch(() => ''),
		async forget() {
			await tmux(['delete-buffer', '-b', tmuxBufferName]).catch(() => '');
		},
	};
}

/** OSC 52 written to the terminal at `ttyPath` (the controlling terminal by default). */
export function osc52Clipboard(ttyPath = '/dev/tty'): TerminalClipboard {
	return {
		canRead: false,
		async write(text) {
			const fd = openSync(ttyPath, 'w');
			try {
				writeSync(fd, osc52(text));
			} finally {
				closeSync(fd);
			}
		},
		async read() {
			throw new Error('a terminal clipboard set by OSC 52 cannot be read back');
		},
		async forget() {},
	};
}
