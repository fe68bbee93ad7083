/**
 * How the shell faces (msid and msid-env) report a failure: what happened, what to run about
 * it, and what the server said, each part made printable because any of them can quote a
 * server or a file name.
 */
import {asMsidError, type ErrorCode} from '../model/errors.js';
import {printable} from '../model/printable.js';
import {shellRemedy} from './remedy-text.js';

export interface FailureReport {
	code: ErrorCode;
	exitCode: number;
	/** Printable, one line each. */
	message: string;
	remedy?: string;
	server?: string;
	hint?: string;
	/** The stack of the cause, only when asked for (MSID_DEBUG=1); printable lines. */
	debug?: string;
}

export function failureReport(thrown: unknown, debug = process.env['MSID_DEBUG'] === '1'): FailureReport {
	const error = asMsidError(thrown);
	const detail = error.code === 'unexpected' ? thrown : error.cause;
	return {
		code: error.code,
		exitCode: error.exitCode,
		message: printable(error.message),
		...(error.remedy ? {remedy: shellRemedy(error.remedy)} : {}),
		...(error.facts.serverMessage ? {server: printable(error.facts.serverMessage)} : {}),
		...(error.hint ? {hint: printable(error.hint)} : {}),
		...(debug && detail instanceof Error ? {debug: (detail.stack ?? detail.message).split('\n').map(line => printable(line)).join('\n')} : {}),
	};
}

/** `msid: what happened, what to do`, then what the server said on a line of its own. */
export function failureLines(program: string, report: FailureReport): string {
	const first = report.remedy === undefined ? report.message : `${report.message} ${report.remedy}`;
	const lines = [`${program}: ${first}`, report.server === undefined ? undefined : `The server said: ${report.server}`, report.hint, report.debug];
	return `${lines.filter(line => line !== undefined).join('\n')}\n`;
}

/** The same on one line, for notices that must stay one line (msid-env before a prompt). */
export function failureLine(program: string, report: FailureReport): string {
	const parts = [report.message, report.remedy, report.server === undefined ? undefined : `(The server said: ${report.server})`, report.hint];
	return `${program}: ${parts.filter(part => part !== undefined).join(' ')}\n${report.debug === undefined ? '' : `${report.debug}\n`}`;
}
