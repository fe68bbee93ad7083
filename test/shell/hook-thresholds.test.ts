/**
 * Every threshold in the bash, zsh and fish prompt hooks, one second either side of its
 * boundary, and the guards on the numbers they read from the environment: the real hook with
 * only its clock replaced (see hook-driver.ts). Where a bash 3.2 is found (macOS's /bin/bash;
 * Debian has none), every case runs in it too.
 */
import type {ExecutionContext} from 'ava';
import {testNeeding} from '../helpers/tool-gate.js';
import {clockReadings, promptsAt, type ShellBinary} from './hook-driver.js';
import {bash32Missing, findBash32, findTool, missingToolMessage} from './tools.js';

const bash32 = findBash32();
const shells: Array<{label: string; shell: ShellBinary['shell']; binary: string | undefined; missing: string | undefined; notPackagedHere?: boolean}> = [
	...(['bash', 'zsh', 'fish'] as const).map(shell => ({label: shell, shell, binary: findTool(shell), missing: findTool(shell) ? undefined : missingToolMessage(shell, shell)})),
	{label: 'bash 3.2', shell: 'bash', binary: bash32, missing: bash32Missing(bash32), notPackagedHere: true},
];

/** Asserts what each prompt did, in order. */
async function expectPrompts(t: ExecutionContext, shell: ShellBinary, env: Record<string, string>, expected: Array<[second: number, events: string[]]>): Promise<void> {
	const result = await promptsAt(shell, expected.map(([second]) => second), env);
	t.deepEqual(expected.map(([second]) => [second - base, result.events.get(second)]), expected.map(([second, events]) => [second - base, events]));
	t.false(result.canary, 'nothing ran');
	t.is(result.stderr, '');
}

/** Any second: the tests set the clock. */
const base = 2_000_000_000;
const notice = (why: string) => `msid: no valid token, and the refresh failed: ${why}`;
const hostile = ['a[$(touch CANARY)]', '1e9', '-1', '$(touch CANARY)', '9'.repeat(400), '`touch CANARY`', '0x10', '1 + 1', ' 5', '10#5', 'x;touch CANARY', '0008'];

for (const {label, shell: kind, binary, missing, notPackagedHere} of shells) {
	const test = testNeeding(missing, {notPackagedHere});
	const shell = {shell: kind, binary: binary!};

	test(`${label}: a token is renewed after MSID_TOKEN_REFRESH_AT, not at it or before`, async t => {
		await expectPrompts(t, shell, {MSID_TOKEN_REFRESH_AT: String(base), MSID_TOKEN_EXPIRES_ON: String(base + 300)}, [
			[base - 1, []],
			[base, []],
			[base + 1, ['refresh']],
		]);
	});

	test(`${label}: after a failed refresh the next waits 30 s by default, to the second`, async t => {
		// The failure is collected at the prompt after it: from then on, 30 s.
		await expectPrompts(t, shell, {MSID_TOKEN_REFRESH_AT: String(base - 100), MSID_TOKEN_EXPIRES_ON: String(base + 3600), STUB_REFRESH: 'fail'}, [
			[base, ['refresh']],
			[base + 1, []],
			[base + 30, []],
			[base + 31, ['refresh']],
		]);
	});

	test(`${label}: MSID_HOOK_RETRY_SECONDS sets the spacing, to the second (in decimal)`, async t => {
		await expectPrompts(t, shell, {MSID_TOKEN_REFRESH_AT: String(base - 100), MSID_TOKEN_EXPIRES_ON: String(base + 3600), STUB_REFRESH: 'fail', MSID_HOOK_RETRY_SECONDS: '08'}, [
			[base, ['refresh']],
			[base + 1, []],
			[base + 8, []],
			[base + 9, ['refresh']],
		]);
	});

	test(`${label}: a MSID_HOOK_RETRY_SECONDS that is not a number of up to 6 digits means 30 s, and runs nothing`, async t => {
		for (const value of ['x', '1e3', '-5', '1234567', '$(touch CANARY)', 'a[$(touch CANARY)]']) {
			await expectPrompts(t, shell, {MSID_TOKEN_REFRESH_AT: String(base - 100), MSID_TOKEN_EXPIRES_ON: String(base + 3600), STUB_REFRESH: 'fail', MSID_HOOK_RETRY_SECONDS: value}, [
				[base, ['refresh']],
				[base + 1, []],
				[base + 30, []],
				[base + 31, ['refresh']],
			]);
		}
	});

	test(`${label}: a failed quick run is tried again 30 s later, not sooner`, async t => {
		await expectPrompts(t, shell, {STUB_CACHED: 'fail'}, [
			[base, ['cached', 'stub: cached failed']],
			[base + 29, []],
			[base + 30, ['cached']],
		]);
	});

	test(`${label}: a failed refresh is reported from MSID_TOKEN_EXPIRES_ON on, not a second before`, async t => {
		await expectPrompts(t, shell, {MSID_TOKEN_REFRESH_AT: String(base - 100), MSID_TOKEN_EXPIRES_ON: String(base + 10), STUB_REFRESH: 'fail', MSID_HOOK_RETRY_SECONDS: '1000'}, [
			[base, ['refresh']],
			[base + 1, []],
			[base + 9, []],
			[base + 10, [notice('stub: refresh failed')]],
			[base + 11, []],
		]);
	});

	test(`${label}: a refresh that never finishes is given up after 300 s, not sooner`, async t => {
		await expectPrompts(t, shell, {MSID_TOKEN_REFRESH_AT: String(base - 100), MSID_TOKEN_EXPIRES_ON: String(base - 1), STUB_HANG: '1'}, [
			[base, ['refresh']],
			[base + 1, []],
			[base + 300, []],
			[base + 301, [notice('the refresh did not finish')]],
		]);
	});

	test(`${label}: a hostile MSID_TOKEN_REFRESH_AT runs nothing and counts as due`, async t => {
		for (const value of hostile) {
			const result = await promptsAt(shell, [base], {MSID_TOKEN_REFRESH_AT: value, MSID_TOKEN_EXPIRES_ON: String(base + 3600)});
			t.deepEqual(result.events.get(base), ['refresh'], JSON.stringify(value));
			t.false(result.canary, `${JSON.stringify(value)} ran code`);
			t.is(result.stderr, '');
		}
	});

	test(`${label}: a hostile MSID_TOKEN_EXPIRES_ON runs nothing and counts as expired`, async t => {
		for (const value of hostile) {
			const result = await promptsAt(shell, [base, base + 1], {MSID_TOKEN_REFRESH_AT: String(base - 100), MSID_TOKEN_EXPIRES_ON: value, STUB_REFRESH: 'fail', MSID_HOOK_RETRY_SECONDS: '1000'});
			t.deepEqual(result.events.get(base + 1), [notice('stub: refresh failed')], JSON.stringify(value));
			t.false(result.canary, `${JSON.stringify(value)} ran code`);
			t.is(result.stderr, '');
		}
	});
}

const bashRead = '__msid_read_clock; echo "$__msid_now"';
const restorePath = `PATH=${process.env['PATH'] ?? '/usr/bin:/bin'}`;
const newerBash = {shell: 'bash', binary: findTool('bash'), missing: findTool('bash') ? undefined : missingToolMessage('bash', 'bash')} as const;
const clocks: Array<{title: string; run: Omit<(typeof shells)[number], 'label'>; body: string[]; readings: number}> = [
	{title: 'bash 5: $EPOCHSECONDS', run: newerBash, body: ['[[ $__msid_clock == epoch ]] || echo wrong-clock >&2', bashRead], readings: 1},
	{title: 'bash 4.2 to 4.4: printf %(%s)T', run: newerBash, body: ['__msid_clock=printf', bashRead], readings: 1},
	{
		title: 'bash 3.2\'s, driven in a newer bash: one reading of date, then $SECONDS, read again after SECONDS is set back',
		run: newerBash,
		// After the first reading no `date` can be found: later readings must not need one. A
		// prompt timer that resets SECONDS to 0 makes the hook read `date` once more.
		body: ['__msid_clock=seconds', 'SECONDS=5000', bashRead, 'PATH=/nonexistent', bashRead, bashRead, restorePath, 'SECONDS=0', bashRead],
		readings: 4,
	},
	{
		title: 'bash 3.2 itself',
		run: shells.find(shell => shell.label === 'bash 3.2')!,
		body: ['[[ $__msid_clock == seconds ]] || echo wrong-clock >&2', 'SECONDS=5000', bashRead, 'PATH=/nonexistent', bashRead, restorePath, 'SECONDS=0', bashRead],
		readings: 3,
	},
	{title: 'zsh: zsh/datetime', run: shells.find(shell => shell.label === 'zsh')!, body: ['__msid_read_clock; print -r -- $__msid_now'], readings: 1},
	{title: 'fish: the mtime of / and its age', run: shells.find(shell => shell.label === 'fish')!, body: ['__msid_now'], readings: 1},
];

for (const {title, run, body, readings: count} of clocks) {
	testNeeding(run.missing, {notPackagedHere: run.notPackagedHere})(`the hook's clock, ${title}, reads the epoch second`, async t => {
		const {readings, before, after, stderr} = await clockReadings({shell: run.shell, binary: run.binary!}, body);
		t.is(stderr, '');
		t.is(readings.length, count);
		for (const reading of readings) {
			t.true(reading >= before - 1 && reading <= after + 1, `${reading} is not within ${before - 1}..${after + 1}`);
		}
	});
}
