/**
 * What `msid` prints when a command fails (docs/cli.md): the explanation on stderr, and for a
 * command asked for JSON (`--json`, `--format json`) also `{"error": {"code", "message", ...}}`
 * on stdout, where the script reads. The exit status says which kind of failure it was.
 */
import {failureLines, failureReport, type FailureReport} from '../shell-env/failure-text.js';

export interface FailureOutput {
	stdout: string;
	stderr: string;
	exitCode: number;
}

/** Prints the failure of a whole run of `msid ARGV` and sets the process's exit code. */
export function reportFailure(argv: readonly string[], error: unknown): void {
	const failure = failureOutput(argv, error);
	process.stdout.write(failure.stdout);
	process.stderr.write(failure.stderr);
	process.exitCode = failure.exitCode;
}

export function failureOutput(argv: readonly string[], error: unknown, debug = process.env['MSID_DEBUG'] === '1'): FailureOutput {
	const report = failureReport(error, debug);
	return {
		stdout: wantsJson(argv) ? `${JSON.stringify({error: jsonError(report)})}\n` : '',
		stderr: failureLines('msid', report),
		exitCode: report.exitCode,
	};
}

function jsonError(report: FailureReport): Record<string, string | number> {
	return {
		code: report.code,
		message: report.message,
		...(report.remedy === undefined ? {} : {remedy: report.remedy}),
		...(report.server === undefined ? {} : {serverMessage: report.server}),
		exitCode: report.exitCode,
	};
}

/** Options after `--` belong to the command `msid exec` runs. */
export function wantsJson(argv: readonly string[]): boolean {
	const own = argv.includes('--') ? argv.slice(0, argv.indexOf('--')) : argv;
	return own.some((argument, index) => argument === '--json' || argument === '--format=json' || (argument === '--format' && own[index + 1] === 'json'));
}
