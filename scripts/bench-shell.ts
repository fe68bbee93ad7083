/**
 * The prompt hook's cost per prompt with a fresh token: what every user pays at every prompt.
 * Each shell runs its hook 1,000 times and an empty loop 1,000 times, in the same process, and
 * the difference per prompt is reported in µs (target: under 1,000 µs). With a fresh token
 * the hook must start no process; each line says whether msid-env was started. A second run
 * changes directory before every prompt (the empty loop too), where the hook looks for a
 * .msid.json on the way up: the first prompt after a `cd`.
 */
import {execFile} from 'node:child_process';
import {existsSync} from 'node:fs';
import {chmod, mkdir, mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {promisify} from 'node:util';
import {fileURLToPath} from 'node:url';
import type {SectionResult, Target} from './bench-report.js';

const run = promisify(execFile);
const prompts = 1000;
const shellDir = fileURLToPath(new URL('../shell/', import.meta.url));

interface Measured {
	hookUs: number;
	emptyUs: number;
	started: boolean;
}

/**
 * bash and zsh time themselves with EPOCHREALTIME. MSID_ENV_COMMAND names a stand-in that marks
 * its start, so a hook that started msid-env is caught rather than timed as fast.
 */
function shScript(shell: 'bash' | 'zsh', marker: string, afterCd: boolean): string {
	const move = afterCd ? 'if ((i % 2)); then cd a; else cd b; fi; ' : '';
	return [
		shell === 'zsh' ? 'zmodload zsh/datetime' : '',
		// A token exported by msid-env before the hook loads: fresh for an hour, due in 55 minutes.
		'export MSID_TOKEN_EXPIRES_ON=$((EPOCHSECONDS + 3600)) MSID_TOKEN_REFRESH_AT=$((EPOCHSECONDS + 3300))',
		`source ${JSON.stringify(path.join(shellDir, `msid.${shell}`))}`,
		'__msid_prompt_hook',
		`t0=$EPOCHREALTIME; for ((i = 0; i < ${prompts}; i++)); do ${move}:; done; t1=$EPOCHREALTIME`,
		`for ((i = 0; i < ${prompts}; i++)); do ${move}__msid_prompt_hook; done; t2=$EPOCHREALTIME`,
		'echo "$t0 $t1 $t2"',
		`if [[ -e ${JSON.stringify(marker)} ]]; then echo started; fi`,
		'',
	].join('\n');
}

async function measureSh(shell: 'bash' | 'zsh', env: NodeJS.ProcessEnv, directory: string, afterCd: boolean): Promise<Measured> {
	const command = await writeMarkerCommand(directory);
	const marker = `${command}.started`;
	const args = shell === 'bash' ? ['--norc', '--noprofile', '-c', shScript(shell, marker, afterCd)] : ['-f', '-c', shScript(shell, marker, afterCd)];
	const {stdout} = await run(shell, args, {cwd: directory, env: {...env, MSID_ENV_COMMAND: command}});
	const [times = '', started] = stdout.trim().split('\n');
	const [t0, t1, t2] = times.split(' ').map(Number) as [number, number, number];
	return {emptyUs: ((t1 - t0) / prompts) * 1e6, hookUs: ((t2 - t1) / prompts) * 1e6, started: started === 'started'};
}

/** fish has no sub-millisecond clock builtin: time whole runs from here, 1,000 iterations each. */
async function measureFish(env: NodeJS.ProcessEnv, directory: string, afterCd: boolean): Promise<Measured> {
	const command = await writeMarkerCommand(directory);
	const marker = `${command}.started`;
	const move = afterCd ? 'if test (math $i % 2) = 1; cd a; else; cd b; end; ' : '';
	const script = (body: string) =>
		[
			'set -gx MSID_TOKEN_EXPIRES_ON (math (date +%s) + 3600)',
			'set -gx MSID_TOKEN_REFRESH_AT (math (date +%s) + 3300)',
			`source ${JSON.stringify(path.join(shellDir, 'msid.fish'))}`,
			'__msid_prompt_hook',
			`for i in (seq ${prompts}); ${move}${body}; end`,
			'true',
		].join('\n');
	const time = async (body: string) => {
		const started = process.hrtime.bigint();
		await run('fish', ['--no-config', '-c', script(body)], {cwd: directory, env: {...env, MSID_ENV_COMMAND: command}});
		return Number(process.hrtime.bigint() - started) / 1e3;
	};

	// Alternate and keep the fastest of each, so a busy moment does not count as the hook's cost.
	const empty: number[] = [];
	const hook: number[] = [];
	for (let round = 0; round < 3; round++) {
		empty.push(await time('true'));
		hook.push(await time('__msid_prompt_hook'));
	}

	return {emptyUs: Math.min(...empty) / prompts, hookUs: Math.min(...hook) / prompts, started: existsSync(marker)};
}

/** Stands in for msid-env: records that it was started, then fails quietly. */
async function writeMarkerCommand(directory: string): Promise<string> {
	const command = path.join(directory, 'msid-env-marker');
	await writeFile(command, '#!/bin/sh\ntouch "$0.started"\nexit 1\n');
	await chmod(command, 0o755);
	return command;
}

async function available(shell: string): Promise<boolean> {
	try {
		await run(shell, ['-c', 'true']);
		return true;
	} catch {
		return false;
	}
}

/** One line per shell: the hook's µs per prompt over 1,000 prompts with a fresh token. */
export async function benchHook(env: NodeJS.ProcessEnv): Promise<SectionResult> {
	const directory = await mkdtemp(path.join(tmpdir(), 'msid-bench-hook-'));
	await mkdir(path.join(directory, 'a'));
	await mkdir(path.join(directory, 'b'));
	const lines: string[] = [];
	const targets: Target[] = [];
	try {
		for (const shell of ['bash', 'zsh', 'fish'] as const) {
			if (!(await available(shell))) {
				lines.push(`prompt hook (${shell}): skipped, ${shell} is not installed (install the "${shell}" package)`);
				continue;
			}

			for (const afterCd of [false, true]) {
				const measured = shell === 'fish' ? await measureFish(env, directory, afterCd) : await measureSh(shell, env, directory, afterCd);
				const cost = Math.max(measured.hookUs - measured.emptyUs, 0);
				const what = `prompt hook (${shell}) with a fresh token${afterCd ? ', after a cd' : ''}`;
				lines.push(
					`${what}: ${cost.toFixed(1)} µs per prompt over ${prompts} prompts`
						+ ` (empty loop ${measured.emptyUs.toFixed(2)} µs)${measured.started ? '  WARNING: msid-env was started' : ''}`,
				);
				// A hook that started msid-env did not do the cheap thing at all: never "met".
				targets.push({what: `${what}, per prompt`, measured: measured.started ? Number.POSITIVE_INFINITY : Math.round(cost), limit: 999, unit: ' µs'});
			}
		}
	} finally {
		await rm(directory, {recursive: true, force: true});
	}

	return {lines, targets};
}
