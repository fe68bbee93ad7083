/**
 * One line for a notice from any failure: the error's own message (msid's errors say what
 * happened and what to do) plus its hint. Never a stack trace; newlines are folded so a notice
 * stays one line.
 */
import {MsidError} from '../model/errors.js';

export function describeError(error: unknown): string {
	let text: string;
	if (error instanceof MsidError) {
		text = error.hint ? `${error.message} ${error.hint}` : error.message;
	} else if (error instanceof Error) {
		text = error.message || error.name;
	} else {
		text = String(error);
	}

	return text.replaceAll(/\s+/g, ' ').trim() || 'Something went wrong.';
}
