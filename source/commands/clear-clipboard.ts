/**
 * `msid token --copy` clears the copied token 45 s later, but only if the clipboard still holds
 * it, without keeping `msid token` running: it starts this internal command as a detached
 * process. The clearer is told only the token's SHA-256, never the token (not in argv, not in
 * its environment), and compares that with a hash of what the clipboard holds when time is up.
 */
import {spawn} from 'node:child_process';
import {createHash} from 'node:crypto';
import {readlinkSync} from 'node:fs';
import process from 'node:process';
import {UsageError} from '../model/errors.js';
import {createClipboard, defaultClearAfterMs} from '../system/clipboard.js';
import type {Command} from './context.js';
import type {clearClipboardSpec} from './spec/internal.js';

/**
 * Test-only override of the 45 s, in milliseconds: the end-to-end tests cannot wait that long.
 * Not part of the command-line contract.
 */
export const clearDelayVariable = 'MSID_CLIPBOARD_CLEAR_MS';

export function sha256(text: string): string {
	return createHash('sha256').update(text, 'utf8').digest('hex');
}

/**
 * Starts the detached clearer for `secret`; returns at once. A detached process has no
 * controlling terminal, so for the terminal's own clipboard (OSC 52) it is told the terminal's
 * device path.
 */
export function scheduleClipboardClear(secret: string, cliScript = process.argv[1]!): void {
	const tty = terminalPath();
	const child = spawn(process.execPath, [cliScript, '__clear-clipboard', '--sha256', sha256(secret), ...(tty ? ['--tty', tty] : [])], {
		detached: true,
		stdio: 'ignore',
	});
	// A clearer that cannot start must not fail `msid token`, which already printed the token.
	child.on('error', () => undefined);
	child.unref();
}

/** The device of this process's terminal (Linux: through /proc), or undefined. */
function terminalPath(): string | undefined {
	for (const fd of [2, 1, 0]) {
		try {
			const target = readlinkSync(`/proc/self/fd/${fd}`);
			if (/^\/dev\/(pts\/\d+|tty\w*)$/.test(target)) {
				return target;
			}
		} catch {}
	}

	return undefined;
}

export function clearDelayMs(env: NodeJS.ProcessEnv): number {
	const value = env[clearDelayVariable];
	return value !== undefined && /^\d{1,9}$/.test(value) ? Number(value) : defaultClearAfterMs;
}

export const clearClipboard: Command<typeof clearClipboardSpec> = async ({options}, {runtime, services, signal}) => {
	const expected = options.sha256;
	if (expected === undefined || !/^[\da-f]{64}$/.test(expected)) {
		throw new UsageError('__clear-clipboard is internal: it needs --sha256 HEX.');
	}

	await services.clock.sleep(clearDelayMs(runtime.env), signal);
	// Whatever the user copied since is theirs: clear only the token that msid put there.
	const clipboard = options.tty ? createClipboard({clock: services.clock, env: runtime.env, ttyPath: options.tty}) : services.clipboard;
	await clipboard.clearIf(current => sha256(current) === expected);

	return 0;
};
