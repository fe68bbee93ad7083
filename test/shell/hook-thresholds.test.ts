/**
 * Every threshold in the bash, zsh and fish prompt hooks, one second either side of its
 * boundary, and the guards on the numbers they read from the environment. Each case sources
 * the real hook in a non-interactive shell, replaces only its clock (the hook's own
 * `__msid_read_clock`, or `__msid_now` in fish) and calls its prompt function at chosen
 * seconds; msid-env is a stub that records each start and succeeds, fails or hangs as told.
 */
import {execFile} from 'node:child_process';
import {existsSync} from 'node:fs';
import {chmod, mkdtemp, readFile, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';
import type {ExecutionContext} from 'ava';
import {testNeeding} from '../helpers/tool-gate.js';
import {findTool, missingToolMessage} from './tools.js';

const run = promisify(execFile);
const shellDir = fileURLToPath(new URL('../../shell/', import.meta.url));

type Shell = 'bash' | 'zsh' | 'fish';

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
function script(shell: Shell, prompts: number[]): string {
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

interface Run {
	/** What each prompt did: `refresh`, `cached` (msid-env started) and the lines it printed. */
	events: Map<number, string[]>;
	canary: boolean;
	stderr: string;
}

/** Runs the prompts at the given seconds in a fresh shell with `env` exported. */
async function promptsAt(shell: Shell, prompts: number[], env: Record<string, string>): Promise<Run> {
	const directory = await mkdtemp(join(tmpdir(), 'msid-hook-clock-'));
	try {
		const log = join(directory, 'log');
		await writeFile(join(directory, 'msid-env'), stub);
		await chmod(join(directory, 'msid-env'), 0o755);
		await writeFile(join(directory, 'script'), script(shell, prompts));
		await writeFile(log, '');
		const argv = shell === 'bash' ? ['--norc', '--noprofile'] : shell === 'zsh' ? ['-f'] : ['--no-config'];
		const {stderr} = await run(shell, [...argv, './script'], {
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

/** Asserts what each prompt did, in order. */
async function expectPrompts(t: ExecutionContext, shell: Shell, env: Record<string, string>, expected: Array<[second: number, events: string[]]>): Promise<void> {
	const result = await promptsAt(shell, expected.map(([second]) => second), env);
	t.deepEqual(expected.map(([second]) => [second - base, result.events.get(second)]), expected.map(([second, events]) => [second - base, events]));
	t.false(result.canary, 'nothing ran');
	t.is(result.stderr, '');
}

/** Any second: the tests set the clock. */
const base = 2_000_000_000;
const notice = (why: string) => `msid: no valid token, and the refresh failed: ${why}`;
const hostile = ['a[$(touch CANARY)]', '1e9', '-1', '$(touch CANARY)', '9'.repeat(400), '`touch CANARY`', '0x10', '1 + 1', ' 5', '10#5', 'x;touch CANARY', '0008'];

for (const shell of ['bash', 'zsh', 'fish'] as const) {
	const test = testNeeding(findTool(shell) ? undefined : missingToolMessage(shell, shell));

	test(`${shell}: a token is renewed after MSID_TOKEN_REFRESH_AT, not at it or before`, async t => {
		await expectPrompts(t, shell, {MSID_TOKEN_REFRESH_AT: String(base), MSID_TOKEN_EXPIRES_ON: String(base + 300)}, [
			[base - 1, []],
			[base, []],
			[base + 1, ['refresh']],
		]);
	});

	test(`${shell}: after a failed refresh the next waits 30 s by default, to the second`, async t => {
		// The failure is collected at the prompt after it: from then on, 30 s.
		await expectPrompts(t, shell, {MSID_TOKEN_REFRESH_AT: String(base - 100), MSID_TOKEN_EXPIRES_ON: String(base + 3600), STUB_REFRESH: 'fail'}, [
			[base, ['refresh']],
			[base + 1, []],
			[base + 30, []],
			[base + 31, ['refresh']],
		]);
	});

	test(`${shell}: MSID_HOOK_RETRY_SECONDS sets the spacing, to the second (in decimal)`, async t => {
		await expectPrompts(t, shell, {MSID_TOKEN_REFRESH_AT: String(base - 100), MSID_TOKEN_EXPIRES_ON: String(base + 3600), STUB_REFRESH: 'fail', MSID_HOOK_RETRY_SECONDS: '08'}, [
			[base, ['refresh']],
			[base + 1, []],
			[base + 8, []],
			[base + 9, ['refresh']],
		]);
	});

	test(`${shell}: a MSID_HOOK_RETRY_SECONDS that is not a number of up to 6 digits means 30 s, and runs nothing`, async t => {
		for (const value of ['x', '1e3', '-5', '1234567', '$(touch CANARY)', 'a[$(touch CANARY)]']) {
			await expectPrompts(t, shell, {MSID_TOKEN_REFRESH_AT: String(base - 100), MSID_TOKEN_EXPIRES_ON: String(base + 3600), STUB_REFRESH: 'fail', MSID_HOOK_RETRY_SECONDS: value}, [
				[base, ['refresh']],
				[base + 1, []],
				[base + 30, []],
				[base + 31, ['refresh']],
			]);
		}
	});

	test(`${shell}: a failed quick run is tried again 30 s later, not sooner`, async t => {
		await expectPrompts(t, shell, {STUB_CACHED: 'fail'}, [
			[base, ['cached', 'stub: cached failed']],
			[base + 29, []],
			[base + 30, ['cached']],
		]);
	});

	test(`${shell}: a failed refresh is reported from MSID_TOKEN_EXPIRES_ON on, not a second before`, async t => {
		await expectPrompts(t, shell, {MSID_TOKEN_REFRESH_AT: String(base - 100), MSID_TOKEN_EXPIRES_ON: String(base + 10), STUB_REFRESH: 'fail', MSID_HOOK_RETRY_SECONDS: '1000'}, [
			[base, ['refresh']],
			[base + 1, []],
			[base + 9, []],
			[base + 10, [notice('stub: refresh failed')]],
			[base + 11, []],
		]);
	});

	test(`${shell}: a refresh that never finishes is given up after 300 s, not sooner`, async t => {
		await expectPrompts(t, shell, {MSID_TOKEN_REFRESH_AT: String(base - 100), MSID_TOKEN_EXPIRES_ON: String(base - 1), STUB_HANG: '1'}, [
			[base, ['refresh']],
			[base + 1, []],
			[base + 300, []],
			[base + 301, [notice('the refresh did not finish')]],
		]);
	});

	test(`${shell}: a hostile MSID_TOKEN_REFRESH_AT runs nothing and counts as due`, async t => {
		for (const value of hostile) {
			const result = await promptsAt(shell, [base], {MSID_TOKEN_REFRESH_AT: value, MSID_TOKEN_EXPIRES_ON: String(base + 3600)});
			t.deepEqual(result.events.get(base), ['refresh'], JSON.stringify(value));
			t.false(result.canary, `${JSON.stringify(value)} ran code`);
			t.is(result.stderr, '');
		}
	});

	test(`${shell}: a hostile MSID_TOKEN_EXPIRES_ON runs nothing and counts as expired`, async t => {
		for (const value of hostile) {
			const result = await promptsAt(shell, [base, base + 1], {MSID_TOKEN_REFRESH_AT: String(base - 100), MSID_TOKEN_EXPIRES_ON: value, STUB_REFRESH: 'fail', MSID_HOOK_RETRY_SECONDS: '1000'});
			t.deepEqual(result.events.get(base + 1), [notice('stub: refresh failed')], JSON.stringify(value));
			t.false(result.canary, `${JSON.stringify(value)} ran code`);
			t.is(result.stderr, '');
		}
	});
}

/** The hook's own clock readings (one a line) after `body`, checked against this process's clock. */
async function clockReadings(shell: Shell, body: string[]): Promise<{readings: number[]; before: number; after: number; stderr: string}> {
	const directory = await mkdtemp(join(tmpdir(), 'msid-hook-clock-'));
	try {
		await writeFile(join(directory, 'script'), [`source ${join(shellDir, `msid.${shell}`)}`, ...body, ''].join('\n'));
		const argv = shell === 'bash' ? ['--norc', '--noprofile'] : shell === 'zsh' ? ['-f'] : ['--no-config'];
		const before = Math.floor(Date.now() / 1000);
		const {stdout, stderr} = await run(shell, [...argv, './script'], {cwd: directory, env: {PATH: process.env['PATH'] ?? '/usr/bin:/bin', HOME: directory, TMPDIR: directory}});
		const after = Math.ceil(Date.now() / 1000);
		return {readings: stdout.split('\n').filter(Boolean).map(Number), before, after, stderr};
	} finally {
		await rm(directory, {recursive: true, force: true});
	}
}

const bashRead = '__msid_read_clock; echo "$__msid_now"';
const clocks: Array<{title: string; shell: Shell; body: string[]; readings: number}> = [
	{title: 'bash 5: $EPOCHSECONDS', shell: 'bash', body: ['[[ $__msid_clock == epoch ]] || echo wrong-clock >&2', bashRead], readings: 1},
	{title: 'bash 4.2 to 4.4: printf %(%s)T', shell: 'bash', body: ['__msid_clock=printf', bashRead], readings: 1},
	{
		title: 'bash 3.2: one reading of date, then $SECONDS, read again after SECONDS is set back',
		shell: 'bash',
		// After the first reading no `date` can be found: later readings must not need one. A
		// prompt timer that resets SECONDS to 0 makes the hook read `date` once more.
		body: ['__msid_clock=seconds', 'SECONDS=5000', bashRead, 'PATH=/nonexistent', bashRead, bashRead, 'PATH=$OLDPATH', 'SECONDS=0', bashRead].map(line => line.replace('$OLDPATH', process.env['PATH'] ?? '/usr/bin:/bin')),
		readings: 4,
	},
	{title: 'zsh: zsh/datetime', shell: 'zsh', body: ['__msid_read_clock; print -r -- $__msid_now'], readings: 1},
	{title: 'fish: the mtime of / and its age', shell: 'fish', body: ['__msid_now'], readings: 1},
];

for (const clock of clocks) {
	testNeeding(findTool(clock.shell) ? undefined : missingToolMessage(clock.shell, clock.shell))(`the hook's clock, ${clock.title}, reads the epoch second`, async t => {
		const {readings, before, after, stderr} = await clockReadings(clock.shell, clock.body);
		t.is(stderr, '');
		t.is(readings.length, clock.readings);
		for (const reading of readings) {
			t.true(reading >= before - 1 && reading <= after + 1, `${reading} is not within ${before - 1}..${after + 1}`);
		}
	});
}
