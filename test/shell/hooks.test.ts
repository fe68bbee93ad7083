/**
 * The prompt hooks in real interactive bash, zsh, fish and PowerShell, driven through tmux, with
 * a shim for msid-env whose refresh can be made to hang (a provider that never answers) or fail.
 * PowerShell has no Debian package: its tests run where pwsh is installed and are skipped, with
 * the reason printed, everywhere else.
 */
import {execFile} from 'node:child_process';
import {existsSync} from 'node:fs';
import {mkdir, writeFile} from 'node:fs/promises';
import {promisify} from 'node:util';
import {join} from 'node:path';
import {findTool, missingToolMessage} from './tools.js';
import {pwshPrompt, TmuxShell, type HookedShell, type PromptLine} from './tmux-shell.js';
import {testNeeding} from '../helpers/tool-gate.js';

const shells: Array<{shell: HookedShell; binary: string}> = [
	{shell: 'bash', binary: 'bash'},
	{shell: 'bash-array', binary: 'bash'},
	{shell: 'zsh', binary: 'zsh'},
	{shell: 'fish', binary: 'fish'},
	{shell: 'pwsh', binary: 'pwsh'},
];

const run = promisify(execFile);
const hour = 3600;
const epochNow = () => Math.floor(Date.now() / 1000);

const pwshNow = '[DateTimeOffset]::UtcNow.ToUnixTimeSeconds()';

/** Commands typed at the prompt, in each shell's syntax (bash and zsh share theirs). */
const typed = {
	/** Makes the exported token due for refresh. */
	due: {
		fish: 'set -gx MSID_TOKEN_REFRESH_AT (math (__msid_now) - 1)',
		pwsh: `$env:MSID_TOKEN_REFRESH_AT = ${pwshNow} - 1`,
		posix: 'export MSID_TOKEN_REFRESH_AT=$((EPOCHSECONDS - 1))',
	},
	/** Makes the exported token expired. */
	expired: {
		fish: 'set -gx MSID_TOKEN_REFRESH_AT (math (__msid_now) - 10); set -gx MSID_TOKEN_EXPIRES_ON (math (__msid_now) - 1)',
		pwsh: `$env:MSID_TOKEN_REFRESH_AT = ${pwshNow} - 10; $env:MSID_TOKEN_EXPIRES_ON = ${pwshNow} - 1`,
		posix: 'export MSID_TOKEN_REFRESH_AT=$((EPOCHSECONDS - 10)) MSID_TOKEN_EXPIRES_ON=$((EPOCHSECONDS - 1))',
	},
	/** Leaves the word `msid allow` leaves in MSID_HOOK_DIR. */
	allowSignal: {
		fish: 'echo -n > $MSID_HOOK_DIR/allow',
		pwsh: "[IO.File]::WriteAllText((Join-Path $env:MSID_HOOK_DIR 'allow'), '')",
		posix: ': > "$MSID_HOOK_DIR/allow"',
	},
} as const;

function typedCommand(what: keyof typeof typed, shell: HookedShell): string {
	return typed[what][shell === 'fish' || shell === 'pwsh' ? shell : 'posix'];
}

/** A command, typed at the prompt, that exports `value` (no single quote in it) as `name`. */
function exportCommand(shell: HookedShell, name: string, value: string): string {
	switch (shell) {
		case 'fish': {
			return `set -gx ${name} '${value}'`;
		}

		case 'pwsh': {
			return `$env:${name} = '${value}'`;
		}

		default: {
			return `export ${name}='${value}'`;
		}
	}
}

const fresh = () => ({MSID_ACCESS_TOKEN: 'initial', MSID_TOKEN_EXPIRES_ON: String(epochNow() + hour), MSID_TOKEN_REFRESH_AT: String(epochNow() + hour - 300)});
const refreshRuns = async (session: TmuxShell) => (await session.shimRuns()).filter(line => !line.includes('--cached'));
const cachedRuns = async (session: TmuxShell) => (await session.shimRuns()).filter(line => line.includes('--cached'));

async function waitFor(condition: () => Promise<boolean>, what: string, timeoutMs = 20_000): Promise<void> {
	const deadline = Date.now() + timeoutMs;
	while (!(await condition())) {
		if (Date.now() > deadline) {
			throw new Error(`Timed out waiting for ${what}`);
		}

		await new Promise(resolve => setTimeout(resolve, 50));
	}
}

/** Types commands until a prompt satisfies `done` (the background refresh finishing in between). */
async function promptUntil(session: TmuxShell, done: (line: PromptLine) => boolean, timeoutMs = 20_000): Promise<PromptLine> {
	const deadline = Date.now() + timeoutMs;
	for (;;) {
		const line = await session.type('true');
		if (done(line)) {
			return line;
		}

		if (Date.now() > deadline) {
			throw new Error('No prompt got there');
		}

		await new Promise(resolve => setTimeout(resolve, 100));
	}
}

const needed = (tool: string) => {
	if (findTool(tool)) {
		return undefined;
	}

	return tool === 'pwsh' ? 'skipped: pwsh is not installed (PowerShell has no Debian package)' : missingToolMessage(tool, tool);
};
// strace shows that a fresh-token prompt starts no process at all, not only no msid-env.
const missing = (binary: string) => needed(binary) ?? needed('tmux') ?? needed('strace');

for (const {shell, binary} of shells) {
	const withShell = (title: string, body: (t: import('ava').ExecutionContext, session: TmuxShell) => Promise<void>, start: Parameters<typeof TmuxShell.start>[1]) => {
		testNeeding(missing(binary), {notPackagedHere: shell === 'pwsh'}).serial(`${shell}: ${title}`, async t => {
			const session = await TmuxShell.start(shell, start);
			try {
				await body(t, session);
			} catch (error) {
				t.log(await session.screen());
				throw error;
			} finally {
				await session.stop();
			}
		});
	};

	withShell(
		'with a fresh token, prompts start no process at all',
		async (t, session) => {
			const during = async () => {
				for (const command of ['true', shell === 'pwsh' ? '$null' : ':', 'true']) {
					await session.type(command);
				}
			};

			t.deepEqual(await session.processesStartedDuring(during), []);
			t.deepEqual(await session.shimRuns(), []);
			const prompts = await session.prompts();
			t.true(prompts.length >= 4, 'the prompt command that was there before the hook still runs');
			t.true(prompts.every(line => line.token === 'initial'));
		},
		{env: fresh(), control: {validFor: hour}},
	);

	withShell(
		'a due token is refreshed in the background: prompts return at once, one refresh at a time, the new token at a later prompt',
		async (t, session) => {
			// The provider hangs: every prompt still comes back at once, with the old token.
			let baseline = 0;
			for (let index = 0; index < 3; index++) {
				const started = Date.now();
				await session.type('true');
				baseline = Math.max(baseline, Date.now() - started);
			}

			const durations: number[] = [];
			for (const command of [typedCommand('due', shell), 'true', 'true', 'true']) {
				const started = Date.now();
				const line = await session.type(command);
				durations.push(Date.now() - started);
				t.is(line.token, 'initial');
			}

			// Measured against this machine's round trip through tmux with nothing to refresh.
			t.log(`prompt round trips (ms): ${durations.join(', ')}; with nothing to refresh: ${baseline}`);
			t.true(durations.every(ms => ms < 500 + baseline), 'each prompt came back within 0.5 s');

			await waitFor(async () => (await refreshRuns(session)).length > 0, 'the refresh to start');
			await session.type('true');
			t.is((await refreshRuns(session)).length, 1, 'a second prompt starts no second refresh');

			// The provider recovers: a later prompt has the new token, and then all is quiet.
			await session.setControl({validFor: hour});
			const refreshed = await promptUntil(session, line => line.token !== 'initial');
			t.is(refreshed.token, 'tok-1');
			t.true(Number(refreshed.refreshAt) > epochNow() + hour - 400);
			const runs = (await session.shimRuns()).length;
			await session.type('true');
			await session.type('true');
			t.is((await session.shimRuns()).length, runs);
			t.is((await refreshRuns(session)).length, 1);
			t.notRegex(await session.screen(), /\[\d+\]|Done|has ended|SHIMFAIL/, 'no job notices, no messages');
		},
		{env: fresh(), control: {validFor: hour, hang: true}},
	);

	withShell(
		'nothing lands in the middle of a line being typed, and the refresh leaves no zombie',
		async (t, session) => {
			await session.type(typedCommand('due', shell));
			await session.typeWithoutEnter('echo half-typed');
			// The refresh finishes (and fails, with a message) while the user is typing.
			await session.setControl({validFor: hour, fail: 'while typing'});
			await waitFor(async () => (await refreshRuns(session)).length === 1 && !(await session.visible()).includes('SHIMFAIL'), 'the refresh');
			await new Promise(resolve => setTimeout(resolve, 1500));
			const screen = await session.visible();
			t.regex(screen, /PROMPT> echo half-typed\s*$/, 'the line being typed is intact and last');
			t.notRegex(screen, /SHIMFAIL|msid:/);
			// ps exits 1 when the shell has no child at all.
			const {stdout} = await run('ps', ['-o', 'stat=,comm=', '--ppid', String(await session.shellPid())]).catch(() => ({stdout: ''}));
			t.notRegex(stdout, /^Z/m, 'no zombie child of the shell');
			t.notRegex(await session.screen(), /SHIMFAIL/, 'a still-valid token: the failure stays quiet');
		},
		{env: fresh(), control: {validFor: hour, hang: true}},
	);

	withShell(
		'an expired token whose refresh failed is reported in one line, once; a success clears it',
		async (t, session) => {
			await session.type(typedCommand('expired', shell));
			await waitFor(async () => (await refreshRuns(session)).length === 1, 'the refresh');
			await promptUntil(session, () => true);
			await promptUntil(session, () => true);
			let screen = await session.screen();
			t.is(screen.split('no valid token, and the refresh failed').length - 1, 1);
			t.regex(screen, /^msid: no valid token, and the refresh failed: msid: SHIMFAIL expired\s*$/m);
			await session.type('true');
			await session.type('true');
			screen = await session.screen();
			t.is(screen.split('no valid token').length - 1, 1, 'once, even as retries fail');

			await session.setControl({validFor: hour});
			const line = await promptUntil(session, prompt => prompt.token.startsWith('tok-'));
			t.regex(line.token, /^tok-\d+$/);
		},
		{env: {...fresh(), MSID_HOOK_RETRY_SECONDS: '0'}, control: {validFor: hour, fail: 'expired'}},
	);

	withShell(
		'a new shell without a token exports the cached one at its first prompt, without a refresh',
		async (t, session) => {
			const [first] = await session.prompts();
			t.is(first?.token, 'tok-0');
			t.deepEqual(await refreshRuns(session), []);
			t.is((await cachedRuns(session)).length, 1);
			await session.type('true');
			t.is((await session.shimRuns()).length, 1);
		},
		{env: {}, control: {validFor: hour}, cache: {token: 'tok-0', expires: epochNow() + hour, refreshAt: epochNow() + hour - 300}},
	);

	withShell(
		'a new shell with nothing cached refreshes in the background',
		async (t, session) => {
			const [first] = await session.prompts();
			t.is(first?.token, '');
			const line = await promptUntil(session, prompt => prompt.token !== '');
			t.is(line.token, 'tok-1');
			t.is((await refreshRuns(session)).length, 1);
		},
		{env: {}, control: {validFor: hour}},
	);

	withShell(
		'a failing msid-env is reported once across prompts, and again after a success',
		async (t, session) => {
			for (let index = 0; index < 3; index++) {
				await session.type('true');
			}

			t.true((await cachedRuns(session)).length >= 3, 'each prompt tried again (retry spacing 0)');
			t.deepEqual(await refreshRuns(session), [], 'a failing quick run starts no refresh');
			t.is((await session.screen()).split('SHIMFAIL').length - 1, 1);

			await session.setControl({validFor: hour});
			await session.type('true');
			await session.setControl({validFor: hour, failCached: true});
			// Something makes the next prompt run msid-env again (here: the word msid allow leaves).
			await session.type(typedCommand('allowSignal', shell));
			await session.type('true');
			t.is((await session.screen()).split('SHIMFAIL').length - 1, 2);
		},
		{env: {MSID_HOOK_RETRY_SECONDS: '0'}, control: {validFor: hour, failCached: true}, cache: {token: 'tok-0', expires: epochNow() + hour, refreshAt: epochNow() + hour - 300}},
	);

	withShell(
		'after a failure, retries are spaced out',
		async (t, session) => {
			await session.type('true');
			await session.type('true');
			t.is((await session.shimRuns()).length, 1);
		},
		{env: {}, control: {validFor: hour, failCached: true}},
	);

	withShell(
		'a missing msid-env is reported once, in one line',
		async (t, session) => {
			await session.type('true');
			await session.type('true');
			const screen = await session.screen();
			t.is(screen.split('not found').length - 1, 1);
			t.regex(screen, /msid: \/nonexistent\/msid-env not found; install msid or set MSID_ENV_COMMAND\./);
		},
		{env: {MSID_ENV_COMMAND: '/nonexistent/msid-env', MSID_HOOK_RETRY_SECONDS: '0'}, control: {validFor: hour}},
	);

	withShell(
		'entering and leaving a directory with a .msid.json runs msid-env once each way, at once',
		async (t, session) => {
			const repo = join(session.home, 'repo');
			await mkdir(join(repo, 'src'), {recursive: true});
			await writeFile(join(repo, '.msid.json'), '{"account": "work"}');
			t.deepEqual(await session.shimRuns(), []);

			const inside = await session.type(`cd ${repo}/src`);
			t.is(inside.dirConfig, join(repo, '.msid.json'));
			t.is((await session.shimRuns()).length, 1);

			await session.type(`cd ${repo}`);
			t.is((await session.shimRuns()).length, 1, 'moving within the same file\'s reach changes nothing');

			const outside = await session.type('cd ..');
			t.is(outside.dirConfig, '');
			t.is((await session.shimRuns()).length, 2);

			await session.type('cd /');
			t.is((await session.shimRuns()).length, 2);
		},
		{env: fresh(), control: {validFor: hour}, cache: {token: 'tok-0', expires: epochNow() + hour, refreshAt: epochNow() + hour - 300}},
	);

	withShell(
		'msid allow (its word in MSID_HOOK_DIR) applies at the next prompt in the same directory',
		async (t, session) => {
			const signal = typedCommand('allowSignal', shell);
			await session.type('true');
			t.deepEqual(await session.shimRuns(), []);
			await session.type(signal);
			t.is((await cachedRuns(session)).length, 1);
			await session.type('true');
			t.is((await session.shimRuns()).length, 1, 'once');
		},
		{env: fresh(), control: {validFor: hour}, cache: {token: 'tok-0', expires: epochNow() + hour, refreshAt: epochNow() + hour - 300}},
	);

	withShell(
		'hostile MSID_TOKEN_EXPIRES_ON and MSID_TOKEN_REFRESH_AT values run nothing and do not break the prompt',
		async (t, session) => {
			const canary = join(session.home, 'CANARY');
			const hostile = [`a[$(touch ${canary})]`, '1e9', '-1', `$(touch ${canary})`, '9'.repeat(400), `x\`touch ${canary}\``, '0x10', '1 + 1'];
			for (const value of hostile) {
				for (const name of ['MSID_TOKEN_EXPIRES_ON', 'MSID_TOKEN_REFRESH_AT']) {
					const line = await session.type(exportCommand(shell, name, value));
					t.is(line.token === '' ? 'x' : 'ok', 'ok', `${name}=${value}: the prompt still runs`);
				}
			}

			await session.type('true');
			t.false(existsSync(canary), 'nothing ran');
			t.notRegex(await session.screen(), /syntax error|bad math|invalid|error/i);
		},
		{env: fresh(), control: {validFor: hour}},
	);

	if (shell !== 'pwsh') {
		continue;
	}

	withShell(
		'the prompt function is handed $? and $LASTEXITCODE as the last command left them, while the hook runs msid-env',
		async (t, session) => {
			let line = await session.type("sh -c 'exit 3'");
			t.is(line.status, 'False');
			t.is(line.exitCode, '3');

			// The hook runs msid-env at this prompt (msid allow's word), after a cmdlet that failed.
			line = await session.type(`${typedCommand('allowSignal', shell)}; Write-Error boom -ErrorAction SilentlyContinue`);
			t.is((await cachedRuns(session)).length, 1, 'msid-env ran at that prompt');
			t.is(line.status, 'False');
			t.is(line.exitCode, '3', 'msid-env\'s own exit status does not replace the last command\'s');

			// A due token: the refresh starts at this prompt, after a command that succeeded.
			line = await session.type(`${typedCommand('due', shell)}; sh -c 'exit 0'`);
			t.is(line.status, 'True');
			t.is(line.exitCode, '0');
			await waitFor(async () => (await refreshRuns(session)).length === 1, 'the refresh to start');
			line = await session.type("sh -c 'exit 5'");
			t.is(line.status, 'False');
			t.is(line.exitCode, '5');

			// The refresh lands: the prompt that applies it still shows the last command's status.
			line = await promptUntil(session, prompt => prompt.token !== 'tok-0' && prompt.token !== 'initial');
			t.is(line.token, 'tok-1');
			t.is(line.status, 'True');
			t.is(line.exitCode, '0', 'true is a program: it set $LASTEXITCODE to 0');
		},
		{env: fresh(), control: {validFor: hour}, cache: {token: 'tok-0', expires: epochNow() + hour, refreshAt: epochNow() + hour - 300}},
	);

	withShell(
		'a prompt function defined after the hook, even in the middle of a session, still gets the hook',
		async (t, session) => {
			// The rc file defined its prompt after loading the hook: the first prompt already ran it.
			t.is((await session.prompts())[0]?.token, 'tok-0', 'the first prompt exported the cached token');
			await session.type(pwshPrompt('THEME> '));
			const before = (await cachedRuns(session)).length;
			const line = await session.type(typedCommand('allowSignal', shell));
			t.is((await cachedRuns(session)).length, before + 1, 'the hook ran before the new prompt function');
			t.is(line.token, 'tok-0');
			t.regex(await session.visible(), /THEME> $/m);
		},
		{env: {}, control: {validFor: hour}, cache: {token: 'tok-0', expires: epochNow() + hour, refreshAt: epochNow() + hour - 300}},
	);
}
