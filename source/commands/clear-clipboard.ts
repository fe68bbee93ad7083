/**
 * `msid token --copy` clears the copied token 45 s later, but only if the clipboard still holds
 * it, without keeping `msid token` running: it starts this internal command as a detached
 * process. The clearer is told only the token's SHA-256, never the token (not in argv, not in
 * its environment), and compares that with a hash of what the clipboard holds when time is up.
 */
import {spawn} from 'node:child_process';
import {createHash} from 'node:crypto';
import process from 'node:process';
import {UsageError} from '../model/errors.js';
import {defaultClearAfterMs} from '../system/clipboard.js';
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

/** Starts the detached clearer for `secret`; returns at once. */
export function scheduleClipboardClear(secret: string, cliScript = process.argv[1]!): void {
	const child = spawn(process.execPath, [cliScript, '__clear-clipboard', '--sha256', sha256(secret)], {
		detached: true,
		stdio: 'ignore',
	});
	// A clearer that cannot start must not fail `msid token`, which already printed the token.
	child.on('error', () => undefined);
	child.unref();
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
	if (sha256(await services.clipboard.read()) === expected) {
		await services.clipboard.write('');
	}

	return 0;
};
