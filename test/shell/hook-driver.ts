/**
 * Drives a prompt hook without a terminal: the real hook is sourced in a non-interactive
 * bash, zsh or fish with only its clock replaced (the hook's own `__msid_read_clock`, or
 * `__msid_now` in fish), and its prompt function is called at chosen seconds. msid-env is a
 * stub that records each start and succeeds, fails or hangs as the environment says.
 */
import {execFile} from 'node:child_process';
import {existsSync} from 'node:fs';
import {chmod, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';

const run = promisify(execFile);
const shellDir = fileURLToPath(new URL('../../shell/', import.meta.url));

export type DrivenShell = 'bash' | 'zsh' | 'fish';

/** The shell, and the binary that runs it (another bash, say). */
export interface ShellBinary {
	shell: DrivenShell;
	binary: string;
}

const flags = {bash: ['--norc', '--noprofile'], zsh: ['-f'], fish: ['--no-config']} as const;

const stub = `#!/bin/sh
case " $* " in
*" --cached "*)
	echo cached >> "$STUB_LOG"
	[ "\${STUB_CACHED-}" = fail ] && { echo 'stub: cached failed' >&2; exit 1; }
	exit 0 ;;
esac
echo refresh >> "$STUB_LOG"
: > "$STUB_DIR/seen"
if [ -n "\${STUB_HANG-}" ]; then
	i=0
	while [ ! -e "$STUB_DIR/release" ] && [ $i -lt 600 ]; do sleep 0.05; i=$((i + 1)); done
fi
[ "\${STUB_REFRESH-}" = fail ] && { echo 'stub: refresh failed' >&2; exit 1; }
exit 0
`;

/**
 * The script: the hook, a clock the test sets, and `__test_prompt SECOND`, which logs a marker,
 * runs the prompt function (its messages into the same log) and waits until a refresh it
 * started has logged its start and, unless it hangs, written its status.
 */
function script(shell: DrivenShell, prompts: number[]): string {
	const calls = prompts.map(second => `__test_prompt ${second}`);
	if (shell === 'fish') {
		return [
			`source ${join(shellDir, 'msid.fish')}`,
			'function __msid_now; echo $__test_now; end',
			'function __test_prompt',
			'    set -g __test_now $argv[1]',
			'    echo @$argv[1] >> $STUB_LOG',
			'    __msid_prompt_hook 2>>$STUB_LOG',
			'    test -n "$__msid_job"; and test "$__msid_job" != "$__test_settled"; or return 0',
			'    set -g __test_settled $__msid_job',
			'    for i in (seq 400); test -e $STUB_DIR/seen; and break; sleep 0.02; end',
			'    rm -f $STUB_DIR/seen',
			'    set -q STUB_HANG; and return 0',
			'    for i in (seq 400); test -s $__msid_job.rc; and break; sleep 0.02; end',
			'end',
			...calls,
			'touch $STUB_DIR/release',
			'',
		].join('\n');
	}

	return [
		`source ${join(shellDir, `msid.${shell}`)}`,
		'__msid_read_clock() { __msid_now=$__test_now; }',
		'__test_prompt() {',
		'	__test_now=$1',
		'	echo "@$1" >> "$STUB_LOG"',
		'	__msid_prompt_hook 2>>"$STUB_LOG"',
		'	[[ -n ${__msid_job-} && $__msid_job != "${__test_settled-}" ]] || return 0',
		'	__test_settled=$__msid_job',
		'	local i=0',
		'	while [[ ! -e $STUB_DIR/seen ]] && ((i++ < 400)); do sleep 0.02; done',
		'	rm -f "$STUB_DIR/seen"',
		'	[[ -z ${STUB_HANG-} ]] || return 0',
		'	i=0',
		'	while [[ ! -s $__msid_job.rc ]] && ((i++ < 400)); do sleep 0.02; done',
		'}',
		...calls,
		'touch "$STUB_DIR/release"',
		'',
	].join('\n');
}

export interface PromptRun {
	/** What each prompt did: `refresh`, `cached` (msid-env started) and the lines it printed. */
	events: Map<number, string[]>;
	canary: boolean;
	stderr: string;
}

/** Runs the prompts at the given seconds in a fresh shell with `env` exported. */
export async function promptsAt({shell, binary}: ShellBinary, prompts: number[], env: Record<string, string>): Promise<PromptRun> {
	const directory = await mkdtemp(join(tmpdir(), 'msid-hook-clock-'));
	try {
		const log = join(directory, 'log');
		await writeFile(join(directory, 'msid-env'), stub);
		await chmod(join(directory, 'msid-env'), 0o755);
		await writeFile(join(directory, 'script'), script(shell, prompts));
		await writeFile(log, '');
		const {stderr} = await run(binary, [...flags[shell], './script'], {
			cwd: directory,
			env: {
				PATH: process.env['PATH'] ?? '/usr/bin:/bin',
				HOME: directory,
				TMPDIR: directory,
				LC_ALL: 'C.UTF-8',
				MSID_ENV_COMMAND: join(directory, 'msid-env'),
				STUB_LOG: log,
				STUB_DIR: directory,
				...env,
			},
		});
		const events = new Map<number, string[]>();
		let current: string[] = [];
		for (const line of (await readFile(log, 'utf8')).split('\n').filter(Boolean)) {
			if (line.startsWith('@')) {
				current = [];
				events.set(Number(line.slice(1)), current);
			} else {
				current.push(line);
			}
		}

		return {events, canary: existsSync(join(directory, 'CANARY')), stderr};
	} finally {
		await rm(directory, {recursive: true, force: true, maxRetries: 5});
	}
}

/** The hook's own clock readings (one a line) after `body`, checked against this process's clock. */
export async function clockReadings({shell, binary}: ShellBinary, body: string[]): Promise<{readings: number[]; before: number; after: number; stderr: string}> {
	const directory = await mkdtemp(join(tmpdir(), 'msid-hook-clock-'));
	try {
		await writeFile(join(directory, 'script'), [`source ${join(shellDir, `msid.${shell}`)}`, ...body, ''].join('\n'));
		const before = Math.floor(Date.now() / 1000);
		const {stdout, stderr} = await run(binary, [...flags[shell], './script'], {cwd: directory, env: {PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: directory, TMPDIR: directory}});
		const after = Math.ceil(Date.now() / 1000);
		return {readings: stdout.split('\n').filter(Boolean).map(Number), before, after, stderr};
	} finally {
		await rm(directory, {recursive: true, force: true});
	}
}
