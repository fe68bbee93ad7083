/**
 * An interactive shell in a private tmux server, with the prompt hook installed by a temp rc
 * file and a shim for msid-env. Each prompt appends one line to prompts.log (through builtins
 * only), so tests wait for prompts instead of sleeping.
 */
import {execFile, spawn, type ChildProcess} from 'node:child_process';
import {mkdtemp, readFile, rename, rm, writeFile} from 'node:fs/promises';
import {existsSync} from 'node:fs';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import {fileURLToPath} from 'node:url';
import {promisify} from 'node:util';

const run = promisify(execFile);
const shellDir = fileURLToPath(new URL('../../shell/', import.meta.url));
export const shimPath = fileURLToPath(new URL('fixtures/msid-env-shim.mjs', import.meta.url));

export type HookedShell = 'bash' | 'bash-array' | 'zsh' | 'fish' | 'pwsh';

export interface Control {
	/** A refresh fails with this in its message. */
	fail?: boolean | string;
	/** `msid-env --cached` fails. */
	failCached?: boolean;
	/** A refresh waits until this is cleared, like a request to a provider that never answers. */
	hang?: boolean;
	/** Seconds the shim's tokens stay valid. */
	validFor: number;
}

/** The rc file: a prompt marker first (so the hook must keep it), then the hook. */
function rcFile(shell: HookedShell): string {
	// Each line: PWD|token|expiry|dir config, written with builtins.
	switch (shell) {
		case 'bash':
		case 'bash-array': {
			return [
				'PS1="PROMPT> "',
				'__test_mark() { printf "%s|%s|%s|%s|%s\\n" "$PWD" "${MSID_ACCESS_TOKEN-}" "${MSID_TOKEN_EXPIRES_ON-}" "${MSID_DIR_CONFIG-}" "${MSID_TOKEN_REFRESH_AT-}" >> "$SHIM_HOME/prompts.log"; }',
				shell === 'bash' ? 'PROMPT_COMMAND=__test_mark' : 'PROMPT_COMMAND=(__test_mark)',
				`source ${join(shellDir, 'msid.bash')}`,
				'',
			].join('\n');
		}

		case 'zsh': {
			return [
				'PS1="PROMPT> "',
				'__test_mark() { print -r -- "$PWD|${MSID_ACCESS_TOKEN-}|${MSID_TOKEN_EXPIRES_ON-}|${MSID_DIR_CONFIG-}|${MSID_TOKEN_REFRESH_AT-}" >> "$SHIM_HOME/prompts.log"; }',
				'precmd_functions=(__test_mark)',
				`source ${join(shellDir, 'msid.zsh')}`,
				'',
			].join('\n');
		}

		case 'fish': {
			return [
				'function fish_prompt; echo "$PWD|$MSID_ACCESS_TOKEN|$MSID_TOKEN_EXPIRES_ON|$MSID_DIR_CONFIG|$MSID_TOKEN_REFRESH_AT" >> $SHIM_HOME/prompts.log; echo "PROMPT> "; end',
				'function fish_greeting; end',
				`source ${join(shellDir, 'msid.fish')}`,
				'',
			].join('\n');
		}

		case 'pwsh': {
			return [
				// Inline predictions would draw old commands after the cursor.
				'try { Set-PSReadLineOption -PredictionSource None } catch { }',
				// A strict profile: the hook must neither break under it nor turn it off for the user.
				'Set-StrictMode -Version Latest',
				`. '${join(shellDir, 'msid.ps1')}'`,
				// The prompt is defined after the hook, as a theme later in $PROFILE would be.
				pwshPrompt('PROMPT> '),
				'',
			].join('\n');
		}
	}
}

/**
 * A PowerShell prompt function that logs what the bash one does, plus the $? and $LASTEXITCODE
 * it was handed (.NET calls only), under no strict mode of its own (the session's is strict).
 */
export function pwshPrompt(text: string): string {
	return [
		'function global:prompt { $ok = $?; Set-StrictMode -Off; $code = Get-Variable -Name LASTEXITCODE -Scope Global -ValueOnly -ErrorAction Ignore;',
		'[IO.File]::AppendAllText("$env:SHIM_HOME/prompts.log", "$($ExecutionContext.SessionState.Path.CurrentFileSystemLocation.ProviderPath)|$env:MSID_ACCESS_TOKEN|$env:MSID_TOKEN_EXPIRES_ON|$env:MSID_DIR_CONFIG|$env:MSID_TOKEN_REFRESH_AT|$ok|$code`n");',
		`'${text}' }`,
	].join(' ');
}

function shellArgv(shell: HookedShell, rc: string): string[] {
	switch (shell) {
		case 'bash':
		case 'bash-array': {
			return ['bash', '--noprofile', '--rcfile', rc, '-i'];
		}

		case 'zsh': {
			return ['zsh', '-i'];
		}

		case 'fish': {
			return ['fish', '--no-config', '-i', '-C', `source ${rc}`];
		}

		case 'pwsh': {
			return ['pwsh', '-NoLogo', '-NoProfile', '-NoExit', '-Command', `. '${rc}'`];
		}
	}
}

export interface PromptLine {
	pwd: string;
	token: string;
	expiresOn: string;
	dirConfig: string;
	refreshAt: string;
	/** PowerShell only: the $? and $LASTEXITCODE the prompt function was handed. */
	status?: string;
	exitCode?: string;
}

export class TmuxShell {
	static async start(shell: HookedShell, options: {env: Record<string, string>; control: Control; cwd?: string; cache?: {token: string; expires: number; refreshAt: number}}): Promise<TmuxShell> {
		const home = await mkdtemp(join(tmpdir(), 'msid-hook-'));
		const socket = `msid-test-${process.pid}-${Math.random().toString(36).slice(2)}`;
		const session = new TmuxShell(home, socket, shell);
		await session.setControl(options.control);
		if (options.cache) {
			// What the shim's `--cached` answers before any refresh: a token msid already holds.
			await writeFile(join(home, 'cache.json'), JSON.stringify(options.cache));
		}

		const rc = join(home, shell === 'zsh' ? '.zshrc' : shell === 'pwsh' ? 'rc.ps1' : 'rc');
		await writeFile(rc, rcFile(shell));
		const env = {
			PATH: process.env['PATH'] ?? '/usr/bin:/bin',
			HOME: home,
			ZDOTDIR: home,
			TERM: 'screen',
			LC_ALL: 'C.UTF-8',
			SHIM_HOME: home,
			MSID_ENV_COMMAND: shimPath,
			HISTFILE: join(home, 'history'),
			...options.env,
		};
		await run('tmux', [
			'-L', socket, '-f', '/dev/null', 'new-session', '-d', '-s', 'main', '-x', '200', '-y', '50', '-c', options.cwd ?? home,
			'env', '-i', ...Object.entries(env).map(([key, value]) => `${key}=${value}`), ...shellArgv(shell, rc),
		]);
		await session.waitForPrompts(1);
		return session;
	}

	private constructor(
		readonly home: string,
		private readonly socket: string,
		readonly shell: HookedShell,
	) {}

	/**
	 * Written aside and renamed into place: a shim waiting on a hung provider reads the file
	 * every 50 ms, and a read between truncating and writing it would end that shim mid-refresh.
	 */
	async setControl(control: Control): Promise<void> {
		const file = join(this.home, 'control.json');
		await writeFile(`${file}.part`, JSON.stringify(control));
		await rename(`${file}.part`, file);
	}

	/** Types a command and waits for the prompt after it. */
	async type(command: string): Promise<PromptLine> {
		const before = (await this.prompts()).length;
		await this.tmux('send-keys', '-t', 'main', '-l', command);
		await this.tmux('send-keys', '-t', 'main', 'Enter');
		const lines = await this.waitForPrompts(before + 1);
		return lines.at(-1)!;
	}

	/** Types text without pressing Enter, as a user in the middle of a command line. */
	async typeWithoutEnter(text: string): Promise<void> {
		await this.tmux('send-keys', '-t', 'main', '-l', text);
	}

	/** The visible pane, without scrollback. */
	async visible(): Promise<string> {
		const {stdout} = await this.tmux('capture-pane', '-p', '-J', '-t', 'main');
		return stdout;
	}

	async prompts(): Promise<PromptLine[]> {
		const file = join(this.home, 'prompts.log');
		if (!existsSync(file)) {
			return [];
		}

		return (await readFile(file, 'utf8')).split('\n').filter(Boolean).map(line => {
			const [pwd = '', token = '', expiresOn = '', dirConfig = '', refreshAt = '', status, exitCode] = line.split('|');
			return {pwd, token, expiresOn, dirConfig, refreshAt, ...(status !== undefined && {status}), ...(exitCode !== undefined && {exitCode})};
		});
	}

	async shimRuns(): Promise<string[]> {
		const file = join(this.home, 'shim.log');
		return existsSync(file) ? (await readFile(file, 'utf8')).split('\n').filter(Boolean) : [];
	}

	/** The whole pane, scrollback included. */
	async screen(): Promise<string> {
		const {stdout} = await this.tmux('capture-pane', '-p', '-J', '-S', '-', '-t', 'main');
		return stdout;
	}

	async shellPid(): Promise<number> {
		const {stdout} = await this.tmux('display-message', '-p', '-t', 'main', '#{pane_pid}');
		return Number(stdout.trim());
	}

	async waitForPrompts(count: number, timeoutMs = 20_000): Promise<PromptLine[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const lines = await this.prompts();
			if (lines.length >= count) {
				return lines;
			}

			if (Date.now() > deadline) {
				throw new Error(`Waited for prompt ${count}, saw ${lines.length}. Screen:\n${await this.screen()}`);
			}

			await new Promise(resolve => setTimeout(resolve, 25));
		}
	}

	/** Records the processes the shell starts (threads excluded) while `during` runs; undefined without strace. */
	async processesStartedDuring(during: () => Promise<void>): Promise<string[]> {
		const output = join(this.home, 'strace.out');
		const strace: ChildProcess = spawn('strace', ['-f', '-e', 'trace=execve,fork,vfork,clone,clone3', '-o', output, '-p', String(await this.shellPid())], {
			stdio: ['ignore', 'ignore', 'pipe'],
		});
		await new Promise<void>((resolve, reject) => {
			let stderr = '';
			strace.stderr!.on('data', (chunk: Buffer) => {
				stderr += chunk.toString();
				if (stderr.includes('attached')) {
					resolve();
				}
			});
			strace.on('exit', code => reject(new Error(`strace exited ${code}: ${stderr}`)));
		});
		try {
			await during();
		} finally {
			const exited = new Promise(resolve => strace.on('exit', resolve));
			strace.kill('SIGINT');
			await exited;
		}

		const trace = await readFile(output, 'utf8');
		return trace.split('\n').filter(line => /\b(execve|fork|vfork|clone3?)\(/.test(line) && !line.includes('CLONE_THREAD'));
	}

	async stop(): Promise<void> {
		const pid = await this.shellPid().catch(() => undefined);
		await this.tmux('kill-server').catch(() => undefined);
		// The shell may still be saving its history into home as it exits.
		for (let tries = 0; pid !== undefined && tries < 200 && isRunning(pid); tries++) {
			await new Promise(resolve => setTimeout(resolve, 10));
		}

		await rm(this.home, {recursive: true, force: true, maxRetries: 5});
	}

	private async tmux(...args: string[]) {
		return run('tmux', ['-L', this.socket, ...args]);
	}
}

function isRunning(pid: number): boolean {
	try {
		process.kill(pid, 0);
		return true;
	} catch {
		return false;
	}
}
