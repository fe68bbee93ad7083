/**
 * The dashboard's words for a failure: one line for the notice (what happened and the key that
 * fixes it), and the full text for the error view (`e`): every line of it, what the server
 * said, the error code. Never a stack trace. Line and Tinted make the text printable.
 */
import {asMsidError, MsidError} from '../model/errors.js';
import {dashboardRemedy} from './remedy-text.js';

export function describeError(error: unknown): string {
	if (!(error instanceof MsidError)) {
		return (error instanceof Error ? error.message || error.name : String(error)).replaceAll(/\s+/g, ' ').trim() || 'Something went wrong.';
	}

	const parts = [error.message, error.remedy ? dashboardRemedy(error.remedy) : error.hint];
	return parts.filter(part => part !== undefined).join(' ').replaceAll(/\s+/g, ' ').trim() || 'Something went wrong.';
}

/** Every fact about a failure, one paragraph each, for the full error view. */
export function errorDetail(error: unknown): string[] {
	const failure = asMsidError(error);
	return [
		failure.message || 'Something went wrong.',
		...(failure.remedy ? [dashboardRemedy(failure.remedy)] : []),
		...(failure.hint ? [failure.hint] : []),
		...(failure.facts.serverMessage ? [`The server said: ${failure.facts.serverMessage}`] : []),
		...(failure.facts.serverCode ? [`Server code: ${failure.facts.serverCode}`] : []),
		...(failure.facts.host ? [`Server: ${failure.facts.host}`] : []),
		`Error code: ${failure.code} (exit status ${failure.exitCode} from the command line)`,
		...(failure.cause instanceof Error && failure.cause.message && failure.cause.message !== failure.message ? [`Cause: ${failure.cause.message}`] : []),
	];
}
