/**
 * The prompt hook with the real msid-env, in interactive bash, zsh, fish and PowerShell driven
 * through tmux (PowerShell has no Debian package: its tests run where pwsh is installed and are
 * skipped, saying so, elsewhere). The hook is installed the README way (`eval "$(msid-env --hook bash)"`), and msid-env
 * on PATH is a shim that records every start before it execs the real one, so the tests count
 * exactly how often a prompt started it.
 */
import {keychainPerTestFile} from '../helpers/e2e.js';
import {execFile} from 'node:child_process';
import {createHash} from 'node:crypto';
import {existsSync} from 'node:fs';
import {chmod, mkdir, readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import {promisify} from 'node:util';
import type {ExecutionContext} from 'ava';
import type {ConfigData} from '../../source/model/account.js';
import {BOB} from '../../source/emulator/directory.js';
import {startEmulator} from '../../source/emulator/index.js';
import {approveDeviceCode} from '../helpers/emulator-approve.js';
import {cliPath, envPath, makeMsidEnv, startMsid, type MsidEnv} from '../helpers/cli.js';
import {makeTempDir} from '../helpers/temp-dirs.js';
import {findTool, missingToolMessage} from '../shell/tools.js';
import {testNeeding} from '../helpers/tool-gate.js';

const run = promisify(execFile);
type Shell = 'bash' | 'zsh' | 'fish' | 'pwsh';

type Emulator = Awaited<ReturnType<typeof startEmulator>>;
const keyring = keychainPerTestFile();

async function login(msid: MsidEnv, name: string, username?: string): Promise<void> {
	const running = startMsid(['login', '--name', name], msid.env);
	const [, uri, userCode] = (await running.waitForStderr(/open (?:the page )?(\S+?)\.? and enter the code (\S+?)[ .]/)) as unknown as string[];
	await approveDeviceCode({verificationUri: uri!, userCode: userCode!, ...(username ? {username, password: BOB.password} : {})});
	const result = await running.done;
	if (result.code !== 0) {
		throw new Error(result.stderr);
	}
}

/** Ages every cached access token to `seconds` before expiry, as time would. */
async function ageCachedTokens(msid: MsidEnv, seconds: number): Promise<void> {
	const file = path.join(msid.configDir, 'config.json');
	const config = JSON.parse(await readFile(file, 'utf8')) as ConfigData;
	for (const account of Object.values(config.accounts)) {
		for (const token of Object.values(account.tokens)) {
			// An hour-long token, obtained long enough ago: the refresh rule reads both times.
			token.expiresAt = Date.now() + seconds * 1000;
			token.obtainedAt = token.expiresAt - 3_600_000;
		}
	}

	await writeFile(file, JSON.stringify(config));
}

interface Prompt {
	pwd: string;
	token: string;
	expiresOn: string;
	account: string;
	dirConfig: string;
}

/** The rc file: a marker that logs each prompt's variables (builtins only), then the hook. */
function rcFile(shell: Shell, log: string): string {
	switch (shell) {
		case 'bash': {
			return [
				'PS1="PROMPT> "',
				`__test_mark() { printf "%s|%s|%s|%s|%s\\n" "$PWD" "\${MSID_ACCESS_TOKEN-}" "\${MSID_TOKEN_EXPIRES_ON-}" "\${MSID_ACCOUNT-}" "\${MSID_DIR_CONFIG-}" >> ${log}; }`,
				'PROMPT_COMMAND=__test_mark',
				'eval "$(msid-env --hook bash)"',
				'',
			].join('\n');
		}

		case 'zsh': {
			return [
				'PS1="PROMPT> "',
				`__test_mark() { print -r -- "$PWD|\${MSID_ACCESS_TOKEN-}|\${MSID_TOKEN_EXPIRES_ON-}|\${MSID_ACCOUNT-}|\${MSID_DIR_CONFIG-}" >> ${log}; }`,
				'precmd_functions=(__test_mark)',
				'eval "$(msid-env --hook zsh)"',
				'',
			].join('\n');
		}

		case 'fish': {
			return [
				`function fish_prompt; echo "$PWD|$MSID_ACCESS_TOKEN|$MSID_TOKEN_EXPIRES_ON|$MSID_ACCOUNT|$MSID_DIR_CONFIG" >> ${log}; echo "PROMPT> "; end`,
				'function fish_greeting; end',
				'msid-env --hook fish | source',
				'',
			].join('\n');
		}

		case 'pwsh': {
			return [
				'try { Set-PSReadLineOption -PredictionSource None } catch { }',
				'msid-env --hook pwsh | Out-String | Invoke-Expression',
				// Defined after the hook, as a theme later in $PROFILE would be.
				`function global:prompt { [IO.File]::AppendAllText('${log}', "$($ExecutionContext.SessionState.Path.CurrentFileSystemLocation.ProviderPath)|$env:MSID_ACCESS_TOKEN|$env:MSID_TOKEN_EXPIRES_ON|$env:MSID_ACCOUNT|$env:MSID_DIR_CONFIG\`n"); 'PROMPT> ' }`,
				'',
			].join('\n');
		}
	}
}

class Session {
	static async start(shell: Shell, msid: MsidEnv): Promise<Session> {
		const directory = await makeTempDir('msid-hook-e2e-');
		const bin = path.join(directory, 'bin');
		await mkdir(bin);
		const starts = path.join(directory, 'starts.log');
		// Records each start (its arguments), then becomes the real msid-env.
		await writeFile(path.join(bin, 'msid-env'), `#!/bin/sh\necho "$*" >> ${starts}\nexec ${process.execPath} ${envPath} "$@"\n`);
		await writeFile(path.join(bin, 'msid'), `#!/bin/sh\nexec ${process.execPath} ${cliPath} "$@"\n`);
		await chmod(path.join(bin, 'msid-env'), 0o755);
		await chmod(path.join(bin, 'msid'), 0o755);
		const rcDirectory = path.join(directory, 'rc');
		await mkdir(rcDirectory);
		const rc = path.join(rcDirectory, shell === 'zsh' ? '.zshrc' : shell === 'pwsh' ? 'rc.ps1' : 'rc');
		const session = new Session(directory, `msid-e2e-${process.pid}-${Math.random().toString(36).slice(2)}`);
		await writeFile(rc, rcFile(shell, session.promptLog));
		const env: Record<string, string> = {
			...(msid.env as Record<string, string>),
			PATH: `${bin}:${process.env['PATH']}`,
			ZDOTDIR: rcDirectory,
			TERM: 'screen',
			LC_ALL: 'C.UTF-8',
			// PowerShell sets no $SHELL.
			SHELL: shell === 'pwsh' ? '' : shell,
			HISTFILE: path.join(directory, 'history'),
		};
		const argvs: Record<Shell, string[]> = {
			bash: ['bash', '--noprofile', '--rcfile', rc, '-i'],
			zsh: ['zsh', '-i'],
			fish: ['fish', '--no-config', '-i', '-C', `source ${rc}`],
			pwsh: ['pwsh', '-NoLogo', '-NoProfile', '-NoExit', '-Command', `. '${rc}'`],
		};
		const argv = argvs[shell];
		await session.tmux('-f', '/dev/null', 'new-session', '-d', '-s', 'main', '-x', '200', '-y', '50', '-c', directory, 'env', '-i', ...Object.entries(env).map(([key, value]) => `${key}=${value}`), ...argv);
		await session.waitForPrompts(1);
		return session;
	}

	readonly promptLog: string;
	private readonly startsLog: string;

	private constructor(
		readonly directory: string,
		private readonly socket: string,
	) {
		this.promptLog = path.join(directory, 'prompts.log');
		this.startsLog = path.join(directory, 'starts.log');
	}

	/** Starts of msid-env by the prompt hook (installing the hook is one more, not counted). */
	async refreshes(): Promise<number> {
		const text = existsSync(this.startsLog) ? await readFile(this.startsLog, 'utf8') : '';
		return text.split('\n').filter(line => line.startsWith('--shell')).length;
	}

	async prompts(): Promise<Prompt[]> {
		const text = existsSync(this.promptLog) ? await readFile(this.promptLog, 'utf8') : '';
		// Complete lines only: a prompt may be writing its line while it is read.
		return text.slice(0, text.lastIndexOf('\n') + 1).split('\n').filter(Boolean).map(line => {
			const [pwd = '', token = '', expiresOn = '', account = '', dirConfig = ''] = line.split('|');
			return {pwd, token, expiresOn, account, dirConfig};
		});
	}

	async type(command: string): Promise<Prompt> {
		const before = (await this.prompts()).length;
		await this.tmux('send-keys', '-t', 'main', '-l', command);
		await this.tmux('send-keys', '-t', 'main', 'Enter');
		return (await this.waitForPrompts(before + 1)).at(-1)!;
	}

	async waitForPrompts(count: number, timeoutMs = 30_000): Promise<Prompt[]> {
		const deadline = Date.now() + timeoutMs;
		for (;;) {
			const prompts = await this.prompts();
			if (prompts.length >= count) {
				return prompts;
			}

			if (Date.now() > deadline) {
				throw new Error(`Waited for prompt ${count}, saw ${prompts.length}. Screen:\n${await this.screen()}`);
			}

			await delay(25);
		}
	}

	async screen(): Promise<string> {
		const {stdout} = await this.tmux('capture-pane', '-p', '-J', '-S', '-', '-t', 'main');
		return stdout;
	}

	async stop(): Promise<void> {
		await this.tmux('kill-server').catch(() => undefined);
	}

	private async tmux(...args: string[]) {
		return run('tmux', ['-L', this.socket, ...args]);
	}
}

const shells: Shell[] = ['bash', 'zsh', 'fish', 'pwsh'];
const count = (text: string, part: string) => text.split(part).length - 1;

function shellTest(shell: Shell, title: string, body: (t: ExecutionContext, session: Session, msid: MsidEnv, emulator: Emulator) => Promise<void>, accounts: Array<[name: string, username?: string]>) {
	const missing = [shell, 'tmux'].find(tool => !findTool(tool));
	const reason = missing === 'pwsh' ? 'skipped: pwsh is not installed (PowerShell has no Debian package)' : missing && missingToolMessage(missing, missing);
	testNeeding(reason, {notPackagedHere: missing === 'pwsh'}).serial(`${shell}: ${title}`, async t => {

		// An emulator of its own: its counters then count this test's requests only.
		const emulator = await startEmulator({interval: 1});
		t.teardown(async () => emulator.close());
		const msid = await makeMsidEnv({...keyring().env, AZURE_AUTHORITY_HOST: emulator.url});
		for (const [name, username] of accounts) {
			await login(msid, name, username);
		}

		const session = await Session.start(shell, msid);
		try {
			await body(t, session, msid, emulator);
		} catch (error) {
			t.log(await session.screen());
			throw error;
		} finally {
			await session.stop();
		}
	});
}

/** What msid-env would export for a token with `seconds` left: due for refresh under 5 minutes. */
function expireIn(shell: Shell, seconds: number): string {
	switch (shell) {
		case 'fish': {
			return `set -gx MSID_TOKEN_EXPIRES_ON (math (__msid_now) + ${seconds}); set -gx MSID_TOKEN_REFRESH_AT (math (__msid_now) + ${seconds - 300})`;
		}

		case 'pwsh': {
			return `$n = [DateTimeOffset]::UtcNow.ToUnixTimeSeconds(); $env:MSID_TOKEN_EXPIRES_ON = $n + ${seconds}; $env:MSID_TOKEN_REFRESH_AT = $n + ${seconds - 300}`;
		}

		default: {
			return `export MSID_TOKEN_EXPIRES_ON=$((EPOCHSECONDS + ${seconds})) MSID_TOKEN_REFRESH_AT=$((EPOCHSECONDS + ${seconds - 300}))`;
		}
	}
}

/** Types `true` until a prompt satisfies `done`: a background refresh lands at a later prompt. */
async function promptUntil(session: Session, done: (prompt: Prompt) => boolean, timeoutMs = 30_000): Promise<Prompt> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const prompt = await session.type('true');
		if (done(prompt)) {
			return prompt;
		}

		if (Date.now() > deadline) {
			throw new Error(`No prompt got there:\n${await session.screen()}`);
		}

		await delay(200);
	}
}

for (const shell of shells) {
	shellTest(shell, 'fresh token: prompts start no msid-env; near expiry a background refresh gets a new token from the server', async (t, session, msid, emulator) => {
		// The first prompt had no token: one start of msid-env fetched it.
		const [first] = await session.waitForPrompts(1);
		t.is(await session.refreshes(), 1);
		t.regex(first!.token, /^[\w-]+\.[\w-]+\.[\w-]+$/);
		t.is(first!.account, 'work');

		for (const command of ['true', ':', 'echo hello', 'true']) {
			const prompt = await session.type(command);
			t.is(prompt.token, first!.token);
		}

		t.is(await session.refreshes(), 1, 'prompts with a fresh token start no msid-env');

		// Four minutes left, in the cache and in the shell: time passed.
		const refreshesBefore = emulator.stats.count('token', 'refresh_token');
		await ageCachedTokens(msid, 240);
		const due = await session.type(expireIn(shell, 240));
		t.is(due.token, first!.token, 'the prompt came back at once with the old token');
		const refreshed = await promptUntil(session, prompt => prompt.token !== first!.token);
		t.is(await session.refreshes(), 3, 'one refresh in the background, one quick run to export its token');
		t.true(Number(refreshed.expiresOn) > Date.now() / 1000 + 3000);
		t.is(emulator.stats.count('token', 'refresh_token'), refreshesBefore + 1, 'the server issued the new token');
		const me = await fetch(`${emulator.url}/v1.0/me`, {headers: {authorization: `Bearer ${refreshed.token}`}});
		t.is(me.status, 200);

		await session.type('true');
		await session.type('true');
		t.is(await session.refreshes(), 3, 'and then none again');
	}, [['work']]);

	shellTest(shell, 'a hung provider never holds up the prompt; once it answers, a later prompt has the new token', async (t, session, msid, emulator) => {
		const [first] = await session.waitForPrompts(1);
		const refreshesBefore = emulator.stats.count('token', 'refresh_token');
		await ageCachedTokens(msid, 240);
		// The token endpoint says nothing for 8 s to the refresh: msid gives up on it after 6 s
		// (silentRequestTimeoutMs) and its second try gets the token.
		emulator.faults.enqueue('token', {kind: 'latency', ms: 8000});
		// A prompt's round trip through tmux on this machine, with nothing to refresh.
		const roundTrip = async (command: string) => {
			const started = Date.now();
			const prompt = await session.type(command);
			return {ms: Date.now() - started, prompt};
		};

		let baseline = 0;
		for (let index = 0; index < 3; index++) {
			baseline = Math.max(baseline, (await roundTrip('true')).ms);
		}

		const durations: number[] = [];
		const beforeTheAnswer: boolean[] = [];
		for (const command of [expireIn(shell, 240), 'true', 'echo typing', 'true', 'true']) {
			const {ms, prompt} = await roundTrip(command);
			durations.push(ms);
			// Until the server has issued the new token, the still-valid one stays exported. How many
			// prompts come before that depends on the machine's speed; the first always does.
			const answered = emulator.stats.count('token', 'refresh_token') > refreshesBefore;
			beforeTheAnswer.push(!answered);
			if (!answered) {
				t.is(prompt.token, first!.token, 'the still-valid token stays exported meanwhile');
			}

			await delay(300);
		}

		t.true(beforeTheAnswer[0] && beforeTheAnswer[1], 'the prompt that found the token due, and the next, came back while the provider hung');

		t.log(`prompt round trips (ms): ${durations.join(', ')}; with nothing to refresh: ${baseline}`);
		// The hook adds well under 0.5 s to a prompt while the provider hangs.
		t.true(durations.every(ms => ms < 500 + baseline), 'every prompt came back within 0.5 s');
		const refreshed = await promptUntil(session, prompt => prompt.token !== first!.token);
		// The prompt shows the token as the screen has it, which a capture may cut short: its start is enough here.
		t.regex(refreshed.token, /^eyJ[\w-]+\.[\w-]+/);
		t.is(emulator.stats.count('token', 'refresh_token'), refreshesBefore + 1, 'one refresh, however many prompts');
		t.notRegex(await session.screen(), /msid(-env)?:/, 'nothing printed');
	}, [['work']]);

	shellTest(shell, '.msid.json: ignored until allowed, switches on cd and back, needs allowing again after a change, forbidden var refused', async (t, session, msid) => {
		await session.waitForPrompts(1);
		const repo = path.join(session.directory, 'repo');
		await mkdir(path.join(repo, 'src'), {recursive: true});
		const file = path.join(repo, '.msid.json');
		await writeFile(file, '{"account": "side"}\n');

		// Not allowed: a one-line notice, and the shell keeps its account.
		let prompt = await session.type(`cd ${repo}/src`);
		t.is(prompt.account, 'work');
		t.is(prompt.dirConfig, '');
		await session.type('true');
		await session.type('cd ..');
		let screen = await session.screen();
		t.is(count(screen, 'wants to choose this shell\'s token'), 1, 'the notice is shown once');
		t.regex(screen, /^msid: .*\.msid\.json wants to choose this shell's token; if you trust it, run `msid allow` in .*\.\s*$/m);

		// Allowed: entering switches, leaving switches back.
		prompt = await session.type('msid allow');
		t.regex(await session.screen(), /Allowed .*\.msid\.json/);
		t.is(prompt.account, 'side', 'msid allow applies at the next prompt, in the same directory');
		t.is(prompt.dirConfig, file);
		prompt = await session.type('cd ..');
		t.is(prompt.account, 'work');
		const workToken = prompt.token;
		prompt = await session.type(`cd ${repo}/src`);
		t.is(prompt.account, 'side');
		t.is(prompt.dirConfig, file);
		t.not(prompt.token, workToken);
		const sideToken = prompt.token;
		prompt = await session.type(`cd ${repo}`);
		t.is(prompt.account, 'side', 'moving within the file\'s reach keeps its choice');
		prompt = await session.type('cd ..');
		t.is(prompt.account, 'work');
		t.is(prompt.dirConfig, '');
		t.is(prompt.token, workToken);
		t.not(prompt.token, sideToken);

		// Changed since it was allowed: ignored again, with the notice that says so.
		await writeFile(file, '{"account": "side", "scopes": ["User.Read"]}\n');
		prompt = await session.type(`cd ${repo}`);
		t.is(prompt.account, 'work');
		t.is(prompt.dirConfig, '');
		screen = await session.screen();
		t.regex(screen, /^msid: .*\.msid\.json changed since it was allowed; if you trust it, run `msid allow` in .* again\.\s*$/m);
		await session.type('cd ..');

		// A forbidden var: msid allow refuses to trust it, and nothing switches.
		await writeFile(file, '{"account": "side", "var": "PATH"}\n');
		await session.type(`cd ${repo}`);
		await session.type('msid allow');
		await session.type({fish: 'echo "allow-status=$status"', pwsh: 'echo "allow-status=$LASTEXITCODE"', bash: 'echo "allow-status=$?"', zsh: 'echo "allow-status=$?"'}[shell]);
		screen = await session.screen();
		t.regex(screen, /"var": PATH cannot hold the token/);
		t.regex(screen, /allow-status=[12]/);
		await session.type('cd ..');
		prompt = await session.type(`cd ${repo}`);
		t.is(prompt.account, 'work');
		t.is(prompt.dirConfig, '');
		const echoPath = shell === 'pwsh' ? 'echo "PATH-IS=$env:PATH"' : 'echo "PATH-IS=$PATH"';
		const pathNow = await session.type(echoPath);
		t.is(pathNow.account, 'work');
		t.regex(await session.screen(), /PATH-IS=\/[^\n]*bin/);
		t.notRegex(await session.screen(), /PATH-IS=eyJ/);

		// Even a file trusted before (an allow store entry for exactly these bytes) cannot export into PATH.
		await session.type('cd ..');
		const hash = createHash('sha256').update(await readFile(file)).digest('hex');
		await writeFile(path.join(msid.configDir, 'allowed.json'), JSON.stringify({[file]: hash}));
		prompt = await session.type(`cd ${repo}`);
		t.is(prompt.account, 'work');
		t.is(prompt.dirConfig, '');
		await session.type(echoPath);
		screen = await session.screen();
		t.regex(screen, /msid-env: .*\.msid\.json: "var": PATH cannot hold the token/);
		t.notRegex(screen, /PATH-IS=eyJ/);
	}, [['work'], ['side', BOB.username]]);
}
