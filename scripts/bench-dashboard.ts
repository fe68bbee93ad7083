/**
 * The dashboard's share of npm run bench: how soon `msid` draws its first frame in a terminal,
 * beside starting Node itself measured the same way, and how much CPU it burns while it sits
 * there counting tokens down, with 1 account and with 50 (copies of the signed-in one). The terminal is a pseudo-terminal from util-linux `script`, whose
 * output arrives here as the program writes it.
 *
 * `env` must already hold a signed-in account, its keychain and AZURE_AUTHORITY_HOST.
 */
import {execFileSync, spawn, type ChildProcess} from 'node:child_process';
import {accessSync, constants, readdirSync, readFileSync} from 'node:fs';
import {mkdtemp, rm, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import {fileURLToPath} from 'node:url';
import type {ConfigData} from '../source/model/account.js';
import {median, type SectionResult, type Target} from './bench-report.js';

const cliPath = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const runs = Number(process.env['BENCH_DASHBOARD_RUNS'] ?? 7);
const idleSeconds = Number(process.env['BENCH_IDLE_SECONDS'] ?? 20);
/**
 * Start-up's tail is not idling: for about 20 s after start V8 still compiles in background
 * threads and runs memory-reducing collections once the heap stops growing (seen per thread in
 * /proc/PID/task), all counted in the process's CPU time. A dashboard is left open for minutes;
 * idle is measured after that tail, and the line says so.
 */
const settleSeconds = 20;
/** The title bar: the first thing every frame of the main screen draws. */
const firstFrame = /msid · \d+ account/;
/** A token row with its countdown (mm:ss): the account has loaded. */
const countdownRow = /\d{2}:\d{2}\s+\S/;

interface Terminal {
	child: ChildProcess;
	/** Everything written so far, escapes included. */
	output(): string;
	waitFor(pattern: RegExp, timeoutMs?: number): Promise<number>;
	exited: Promise<void>;
	quit(): Promise<void>;
}

/** `argv` in a 120x40 pseudo-terminal. */
function openTerminal(argv: string[], env: NodeJS.ProcessEnv): Terminal {
	const command = `stty cols 120 rows 40; exec ${argv.map(quote).join(' ')}`;
	// -e: script exits with the program's status; -f: output is passed on as it is written.
	const child = spawn('script', ['-qefc', command, '/dev/null'], {
		env: {...env, TERM: 'xterm-256color', SHELL: '/bin/sh'},
		stdio: ['pipe', 'pipe', 'ignore'],
		detached: true,
	});
	let output = '';
	const waiters = new Set<() => void>();
	child.stdout!.setEncoding('utf8').on('data', (chunk: string) => {
		output += chunk;
		for (const waiter of waiters) {
			waiter();
		}
	});
	const exited = new Promise<void>(resolve => {
		child.once('close', () => {
			resolve();
		});
	});
	return {
		child,
		output: () => output,
		exited,
		async waitFor(pattern, timeoutMs = 20_000) {
			return new Promise((resolve, reject) => {
				const check = () => {
					if (pattern.test(output)) {
						cleanUp();
						resolve(performance.now());
					}
				};

				const timer = setTimeout(() => {
					cleanUp();
					reject(new Error(`msid drew no ${pattern} within ${timeoutMs} ms`));
				}, timeoutMs);
				const cleanUp = () => {
					clearTimeout(timer);
					waiters.delete(check);
				};

				waiters.add(check);
				check();
			});
		},
		async quit() {
			child.stdin!.write('q');
			const gone = await Promise.race([exited.then(() => true), sleep(5000).then(() => false)]);
			if (!gone) {
				process.kill(-child.pid!, 'SIGKILL');
				await exited;
			}
		},
	};
}

async function timeToFirstFrame(env: NodeJS.ProcessEnv): Promise<number> {
	const started = performance.now();
	const terminal = openTerminal([process.execPath, cliPath], env);
	try {
		return (await terminal.waitFor(firstFrame)) - started;
	} finally {
		await terminal.quit();
	}
}

async function timeNode(env: NodeJS.ProcessEnv): Promise<number> {
	const started = performance.now();
	const terminal = openTerminal([process.execPath, '-e', '0'], env);
	await terminal.exited;
	return performance.now() - started;
}

/** Seconds of CPU (user + system) a process has used, from /proc/PID/stat. */
function cpuSeconds(pid: number, ticksPerSecond: number): number {
	const stat = readFileSync(`/proc/${pid}/stat`, 'utf8');
	// Fields after the command name, which is in parentheses and may hold spaces.
	const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
	return (Number(fields[11]) + Number(fields[12])) / ticksPerSecond;
}

/** The child of `parent` (script's child is the program, as the command ends with exec). */
function childOf(parent: number): number | undefined {
	for (const name of readdirSync('/proc')) {
		if (!/^\d+$/.test(name)) {
			continue;
		}

		try {
			const stat = readFileSync(path.join('/proc', name, 'stat'), 'utf8');
			if (Number(stat.slice(stat.lastIndexOf(')') + 2).split(' ')[1]) === parent) {
				return Number(name);
			}
		} catch {} // The process ended while we looked.
	}

	return undefined;
}

async function idleCpu(env: NodeJS.ProcessEnv): Promise<{cpu: number; bytes: number}> {
	const ticksPerSecond = Number(execFileSync('getconf', ['CLK_TCK'], {encoding: 'utf8'}).trim()) || 100;
	const terminal = openTerminal([process.execPath, cliPath], env);
	try {
		await terminal.waitFor(countdownRow);
		const pid = childOf(terminal.child.pid!);
		if (pid === undefined) {
			throw new Error('could not find the dashboard process under script');
		}

		await sleep(settleSeconds * 1000);
		const cpuBefore = cpuSeconds(pid, ticksPerSecond);
		const bytesBefore = terminal.output().length;
		await sleep(idleSeconds * 1000);
		return {cpu: cpuSeconds(pid, ticksPerSecond) - cpuBefore, bytes: terminal.output().length - bytesBefore};
	} finally {
		await terminal.quit();
	}
}

/** A config folder beside the original whose config.json holds `count` copies of its first account. */
async function withAccounts(env: NodeJS.ProcessEnv, count: number): Promise<NodeJS.ProcessEnv> {
	const source = env['MSID_CONFIG_DIR']!;
	const config = JSON.parse(readFileSync(path.join(source, 'config.json'), 'utf8')) as ConfigData;
	const [first] = Object.values(config.accounts);
	if (!first || count <= 1) {
		return env;
	}

	const directory = await mkdtemp(path.join(tmpdir(), 'msid-bench-accounts-'));
	for (let index = 1; index < count; index++) {
		const id = `${first.id}-${index}`;
		config.accounts[id] = {...structuredClone(first), id, name: `user${index}.${first.name}`};
	}

	await writeFile(path.join(directory, 'config.json'), JSON.stringify(config));
	return {...env, MSID_CONFIG_DIR: directory};
}

export async function benchDashboard(env: NodeJS.ProcessEnv): Promise<SectionResult> {
	if (!existsOnPath('script', env)) {
		return {lines: ['dashboard: skipped, `script` is not installed (install the Debian package "bsdutils")'], targets: []};
	}

	const lines: string[] = [];
	const targets: Target[] = [];
	for (const accounts of [1, 50]) {
		const accountEnv = await withAccounts(env, accounts);
		const frames: number[] = [];
		const nodes: number[] = [];
		// One warm-up of each, then interleaved, so drift in machine load hits both alike.
		await timeToFirstFrame(accountEnv);
		await timeNode(accountEnv);
		for (let run = 0; run < runs; run++) {
			frames.push(await timeToFirstFrame(accountEnv));
			nodes.push(await timeNode(accountEnv));
		}

		const frame = median(frames);
		const node = median(nodes);
		const idle = await idleCpu(accountEnv);
		const idlePercent = (idle.cpu / idleSeconds) * 100;
		lines.push(
			`dashboard with ${accounts} account(s): first frame ${frame.toFixed(1)} ms (median of ${runs}; node -e 0 in the same pseudo-terminal ${node.toFixed(1)} ms, ratio ${(frame / node).toFixed(2)})`,
			`  idle: ${idle.cpu.toFixed(2)} s CPU over ${idleSeconds} s of countdowns, from ${settleSeconds} s after the countdowns appeared (${idlePercent.toFixed(2)}% of one core), ${(idle.bytes / idleSeconds / 1024).toFixed(2)} KiB/s to the terminal`,
		);
		targets.push(
			{what: `dashboard first frame, ${accounts} account(s)`, measured: Math.round(frame), limit: 300, unit: ' ms'},
			{what: `dashboard idle CPU, ${accounts} account(s)`, measured: Math.round(idlePercent * 100) / 100, limit: 1, unit: '% of a core'},
		);
		if (accountEnv !== env) {
			await rm(accountEnv['MSID_CONFIG_DIR']!, {recursive: true, force: true});
		}
	}

	return {lines, targets};
}

async function sleep(ms: number): Promise<void> {
	return new Promise(resolve => {
		setTimeout(resolve, ms);
	});
}

function quote(argument: string): string {
	return `'${argument.replaceAll("'", String.raw`'\''`)}'`;
}

function existsOnPath(command: string, env: NodeJS.ProcessEnv): boolean {
	return (env['PATH'] ?? process.env['PATH'] ?? '').split(path.delimiter).some(dir => {
		try {
			accessSync(path.join(dir, command), constants.X_OK);
			return true;
		} catch {
			return false;
		}
	});
}
