/**
 * The dashboard's share of npm run bench: how soon `msid` draws its first frame in a terminal,
 * beside starting Node itself measured the same way, and how much CPU it burns while it sits
 * there counting tokens down. The terminal is a pseudo-terminal from util-linux `script`, whose
 * output arrives here as the program writes it.
 *
 * `env` must already hold a signed-in account, its keychain and AZURE_AUTHORITY_HOST.
 */
import {execFileSync, spawn, type ChildProcess} from 'node:child_process';
import {accessSync, constants, readdirSync, readFileSync} from 'node:fs';
import path from 'node:path';
import {fileURLToPath} from 'node:url';

const cliPath = fileURLToPath(new URL('../dist/cli.js', import.meta.url));
const runs = Number(process.env['BENCH_DASHBOARD_RUNS'] ?? 7);
const idleSeconds = 10;
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

		// Let start-up work (first token read, first renders) finish before measuring.
		await sleep(1000);
		const cpuBefore = cpuSeconds(pid, ticksPerSecond);
		const bytesBefore = terminal.output().length;
		await sleep(idleSeconds * 1000);
		return {cpu: cpuSeconds(pid, ticksPerSecond) - cpuBefore, bytes: terminal.output().length - bytesBefore};
	} finally {
		await terminal.quit();
	}
}

export async function benchDashboard(env: NodeJS.ProcessEnv): Promise<string[]> {
	if (!existsOnPath('script', env)) {
		return ['dashboard: skipped, `script` is not installed (install the Debian package "bsdutils")'];
	}

	const frames: number[] = [];
	const nodes: number[] = [];
	// One warm-up of each, then interleaved, so drift in machine load hits both alike.
	await timeToFirstFrame(env);
	await timeNode(env);
	for (let run = 0; run < runs; run++) {
		frames.push(await timeToFirstFrame(env));
		nodes.push(await timeNode(env));
	}

	const frame = median(frames);
	const node = median(nodes);
	const idle = await idleCpu(env);
	return [
		`dashboard first frame ${frame.toFixed(1).padStart(7)} ms   ratio ${(frame / node).toFixed(2)} to node -e 0 in the same pseudo-terminal (${node.toFixed(1)} ms), median of ${runs}`,
		`dashboard idle: ${idle.cpu.toFixed(2)} s CPU over ${idleSeconds} s of countdowns (${((idle.cpu / idleSeconds) * 100).toFixed(1)}% of one core), ${(idle.bytes / idleSeconds / 1024).toFixed(1)} KiB/s to the terminal`,
	];
}

function median(values: number[]): number {
	const sorted = [...values].sort((a, b) => a - b);
	const middle = Math.floor(sorted.length / 2);
	return sorted.length % 2 ? sorted[middle]! : (sorted[middle - 1]! + sorted[middle]!) / 2;
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
