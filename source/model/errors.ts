/**
 * Every failure msid reports is an MsidError: a stable `code` scripts can match, a one-line
 * message that says what to do, and the exit status of docs/cli.md. Messages never carry secrets.
 */
export type ExitStatus = 1 | 2 | 130;

export class MsidError extends Error {
	override readonly name = 'MsidError';

	constructor(
		readonly code: string,
		message: string,
		options: {cause?: unknown; exitCode?: ExitStatus; hint?: string} = {},
	) {
		super(message, options.cause === undefined ? undefined : {cause: options.cause});
		this.exitCode = options.exitCode ?? 1;
		this.hint = options.hint;
	}

	readonly exitCode: ExitStatus;
	/** A second line with the fix, when the first line cannot hold both. */
	readonly hint: string | undefined;
}

export class UsageError extends MsidError {
	constructor(message: string, hint?: string) {
		super('usage', message, {exitCode: 2, hint});
	}
}

export class CancelledError extends MsidError {
	constructor(message = 'Cancelled.') {
		super('cancelled', message, {exitCode: 130});
	}
}

export function isAbortError(error: unknown): boolean {
	return error instanceof Error && (error.name === 'AbortError' || error instanceof CancelledError);
}

/**
 * What a program prints for a failure and the status it exits with (docs/cli.md): one or two plain
 * lines, no stack trace unless MSID_DEBUG=1.
 */
export function describeFailure(program: string, error: unknown, debug = process.env.MSID_DEBUG === '1'): {text: string; exitCode: number} {
	const stack = (value: unknown) => (debug && value instanceof Error ? `${value.stack ?? value.message}\n` : '');
	if (error instanceof MsidError) {
		return {text: `${program}: ${error.message}\n${error.hint ? `${error.hint}\n` : ''}${stack(error.cause)}`, exitCode: error.exitCode};
	}

	if (error instanceof Error && error.name === 'AbortError') {
		return {text: `${program}: cancelled.\n`, exitCode: 130};
	}

	const message = error instanceof Error ? error.message : String(error);
	return {text: `${program}: unexpected error: ${message} (set MSID_DEBUG=1 for details)\n${stack(error)}`, exitCode: 1};
}
