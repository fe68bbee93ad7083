/**
 * `msid token` or `msid token ACCOUNT` with a fresh cached token: read config and one keychain
 * entry and print, loading neither the command line's declarations nor the services, so that a
 * script calling it in a loop pays little more than Node's own start. Built as a bundle of its
 * own (dist/msid-token.js), which the `msid` command runs before the program when the first
 * argument is `token` (scripts/entry-shim.js). Anything else (options, a token that is due, an
 * unknown account, any failure but the keychain's) starts the full program, which decides and
 * words the outcome; the token is then exactly the one the full program would have printed.
 */
import process from 'node:process';
import {createRuntime} from './app/runtime/create-runtime.js';
import {freshCachedToken} from './app/tokens/token-service.js';
import {formatToken} from './commands/token-formats.js';
import {MsidError} from './model/errors.js';
import {writeAll} from './system/write-all.js';

export function start(fullProgram: () => void): void {
	void (async () => {
		let printed: {token: string; warnings: string[]} | undefined;
		try {
			printed = await quickToken(process.argv.slice(2), atTerminal());
		} catch (error) {
			// A keychain that does not answer would not answer the full program either: say so
			// once, after one wait, not two, in the full program's words.
			const {reportFailure} = await import('./commands/failure-output.js');
			reportFailure(process.argv.slice(2), error);
			// The timed-out keychain call keeps running inside the native module: do not wait for it.
			setTimeout(() => process.exit(), 1000).unref();
			return;
		}

		if (printed === undefined) {
			fullProgram();
			return;
		}

		// Written straight to the descriptors: process.stdout on the pipe of $(msid token) is a
		// net.Socket, whose modules would cost more than the rest of this path.
		for (const warning of printed.warnings) {
			writeAll(2, `msid: ${warning}\n`);
		}

		writeAll(1, printed.token);
	})();
}

/**
 * Whether a person can answer a keychain dialog, which only macOS shows (keychainTimeoutMs);
 * elsewhere the answer changes nothing, and asking would build process.stdin, a stream.
 */
function atTerminal(): boolean {
	return process.platform === 'darwin' && Boolean(process.stdin.isTTY && process.stderr.isTTY);
}

/** The token to print and the warnings to show with it; a hand-over drops them, the program repeats them. */
async function quickToken(argv: readonly string[], interactive: boolean): Promise<{token: string; warnings: string[]} | undefined> {
	const [name, account, ...more] = argv;
	if (name !== 'token' || more.length > 0 || account?.startsWith('-')) {
		return undefined;
	}

	try {
		const warnings: string[] = [];
		const runtime = await createRuntime({interactive, warn: message => warnings.push(message)});
		const fresh = await freshCachedToken(runtime, account === undefined ? {} : {account});
		return fresh && {token: formatToken('raw', fresh), warnings};
	} catch (error) {
		if (error instanceof MsidError && error.code === 'keychain-unavailable') {
			throw error;
		}

		return undefined;
	}
}
