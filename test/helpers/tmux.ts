/**
 * A real terminal for end-to-end tests of the dashboard: one pane of a private tmux server
 * (its own socket, killed by stop()), a fixed size, and an environment built from scratch so
 * nothing of the test runner's terminal or session leaks in. Tests type keys into it and read
 * the screen back as text, the way a person would.
 */
import {execFile} from 'node:child_process';
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {promisify} from 'node:util';
import {findTool, missingToolMessage} from '../shell/tools.js';
import {makeTempDir, removeTempDir} from './temp-dirs.js';

const run = promisify(execFile);

/** Why tmux tests cannot run here (naming the Debian package), or undefined when they can. */
export function missingTmux(): string | undefined {
	return findTool('tmux') ? undefined : missingToolMessage('tmux', 'tmux');
}

export interface TmuxOptions {
	/** argv of the pane's program (run directly, not through a shell). */
	command: string[];
	/** The pane's whole environment (plus TERM, unless given). */
	env: NodeJS.ProcessEnv;
	width?: number;
	height?: number;
	cwd?: string;
	/** Lines added to the server's configuration (e.g. `set -g set-clipboard on`). */
	config?: string[];
	/** Give the program TMUX, as tmux does for a pane's programs, so it can talk to this server. */
	exposeServer?: boolean;
}

export class TmuxPane {
	static async start(options: TmuxOptions): Promise<TmuxPane> {
		const home = await makeTempDir('msid-tmux-');
		const pane = new TmuxPane(home, path.join(home, 'tmux.sock'), path.join(home, 'tmux.conf'), path.join(home, 'status'));
		// The pane stays after its program ends, with the last screen, for the assertions.
		await writeFile(pane.config, ['set-option -g remain-on-exit on', ...(options.config ?? [])].join('\n') + '\n');
		const env = {TERM: 'screen', ...(options.exposeServer ? {TMUX: `${pane.socket},0,0`} : {}), ...options.env};
		const assignments = Object.entries(env).filter(([, value]) => value !== undefined).map(([key, value]) => `${key}=${value}`);
		try {
			await pane.tmux(
				'new-session', '-d', '-s', 'main', '-x', String(options.width ?? 120), '-y', String(options.height ?? 40), '-c', options.cwd ?? home,
				// env -i: the pane sees exactly `env`, not the tmux server's copy of this process' environment.
				// A shell waits for the program and writes its exit status to a file: tmux 3.3 now and
				// then misses the SIGCHLD of a pane's process and never reports it dead.
				'env', '-i', ...assignments, '/bin/sh', '-c', 'status_file=$1; shift; "$@"; echo $? > "$status_file"', 'sh', pane.statusFile, ...options.command,
			);
		} catch (error) {
			await pane.stop();
			throw error;
		}

		return pane;
	}

	private constructor(
		private readonly home: string,
		private readonly socket: string,
		private readonly config: string,
		private readonly statusFile: string,
	) {}

	/** Key names as tmux knows them: 'a', 'Enter', 'Escape', 'C-c'. */
	async press(...keys: string[]): Promise<void> {
		await this.tmux('send-keys', '-t', 'main', ...keys);
	}

	/** Text typed as is, without key-name lookup. */
	async type(text: string): Promise<void> {
		await this.tmux('send-keys', '-t', 'main', '-l', text);
	}

	/** What the terminal shows now (the visible screen, without colours). */
	async screen(): Promise<string> {
		return (await this.tmux('capture-pane', '-p', '-t', 'main')).replace(/\s+$/, '\n');
	}

	/**
	 * The scrollback and the screen together. Once the pane's shell has ended, tmux scrolls the
	 * pane up a line to write "Pane is dead" at the bottom, so its first line is in the scrollback.
	 */
	async everything(): Promise<string> {
		return (await this.tmux('capture-pane', '-p', '-S', '-', '-t', 'main')).replace(/\s+$/, '\n');
	}

	/** Polls the screen until `predicate` accepts it; fails with the last screen. */
	async waitFor(predicate: RegExp | ((screen: string) => boolean), what: string, timeoutMs = 20_000): Promise<string> {
		const accepts = typeof predicate === 'function' ? predicate : (screen: string) => predicate.test(screen);
		const deadline = Date.now() + timeoutMs;
		let screen = '';
		while (Date.now() < deadline) {
			screen = await this.screen();
			if (accepts(screen)) {
				return screen;
			}

			await new Promise(resolve => {
				setTimeout(resolve, 100);
			});
		}

		throw new Error(`Timed out after ${timeoutMs} ms waiting for ${what}. The screen:\n${screen}`);
	}

	/** The program's pid while it runs (the child of the pane's waiting shell). */
	async pid(): Promise<number> {
		const shell = Number((await this.tmux('display-message', '-p', '-t', 'main', '#{pane_pid}')).trim());
		const children = (await readFile(`/proc/${shell}/task/${shell}/children`, 'utf8')).trim().split(' ').filter(Boolean);
		if (children.length !== 1) {
			throw new Error(`Expected the program as the only child of the pane's shell, found ${children.length}.`);
		}

		return Number(children[0]);
	}

	/** The program's exit status once it has ended (128 + N after signal N), else undefined. */
	async exitStatus(): Promise<number | undefined> {
		const written = await readFile(this.statusFile, 'utf8').catch(() => '');
		return written.endsWith('\n') ? Number(written) : undefined;
	}

	async waitForExit(timeoutMs = 20_000): Promise<number> {
		const deadline = Date.now() + timeoutMs;
		while (Date.now() < deadline) {
			const status = await this.exitStatus();
			if (status !== undefined) {
				return status;
			}

			await new Promise(resolve => {
				setTimeout(resolve, 100);
			});
		}

		throw new Error(`The program in tmux did not exit within ${timeoutMs} ms. The screen:\n${await this.screen()}`);
	}

	/** Ends the tmux server (and whatever still runs in it) and removes its folder. */
	async stop(): Promise<void> {
		await this.tmux('kill-server').catch(() => undefined);
		await removeTempDir(this.home);
	}

	/** A tmux command against this pane's server (show-buffer, set-buffer...). */
	async serverCommand(...args: string[]): Promise<string> {
		return this.tmux(...args);
	}

	private async tmux(...args: string[]): Promise<string> {
		const {stdout} = await run('tmux', ['-S', this.socket, '-f', this.config, ...args]);
		return stdout;
	}
}

/** Starts msid's dashboard in a pane, waits for its title, quits it with q: its exit status. */
export async function openDashboardAndQuit(options: TmuxOptions, quitKey = 'q'): Promise<number> {
	const pane = await TmuxPane.start(options);
	try {
		await pane.waitFor(/msid · \d+ account/, 'the dashboard title');
		await pane.press(quitKey);
		return await pane.waitForExit();
	} finally {
		await pane.stop();
	}
}
