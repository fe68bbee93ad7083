/**
 * The prompt hooks in real interactive bash, zsh and fish, driven through tmux.
 */
import {mkdir, writeFile} from 'node:fs/promises';
import {join} from 'node:path';
import test from 'ava';
import {findTool, missingToolMessage} from './tools.js';
import {TmuxShell, type HookedShell} from './tmux-shell.js';
import {testNeeding} from '../helpers/tool-gate.js';

const shells: Array<{shell: HookedShell; binary: string}> = [
	{shell: 'bash', binary: 'bash'},
	{shell: 'bash-array', binary: 'bash'},
	{shell: 'zsh', binary: 'zsh'},
	{shell: 'fish', binary: 'fish'},
];

const hour = 3600;
const epochNow = () => Math.floor(Date.now() / 1000);

/** A command that makes the exported token expire in `seconds`, typed at the prompt. */
function expireIn(shell: HookedShell, seconds: number): string {
	return shell === 'fish'
		? `set -gx MSID_TOKEN_EXPIRES_ON (math (__msid_now) + ${seconds})`
		: `export MSID_TOKEN_EXPIRES_ON=$((EPOCHSECONDS + ${seconds}))`;
}

const needed = (tool: string) => (findTool(tool) ? undefined : missingToolMessage(tool, tool));
// strace shows that a fresh-token prompt starts no process at all, not only no msid-env.
const missing = (binary: string) => needed(binary) ?? needed('tmux') ?? needed('strace');

for (const {shell, binary} of shells) {
	const withShell = (title: string, body: (t: import('ava').ExecutionContext, session: TmuxShell) => Promise<void>, start: Parameters<typeof TmuxShell.start>[1]) => {
		testNeeding(missing(binary))(`${shell}: ${title}`, async t => {
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
				for (const command of ['true', ':', 'true']) {
					await session.type(command);
				}
			};

			t.deepEqual(await session.processesStartedDuring(during), []);

			t.deepEqual(await session.shimRuns(), []);
			const prompts = await session.prompts();
			t.true(prompts.length >= 4, 'the prompt command that was there before the hook still runs');
			t.true(prompts.every(line => line.token === 'initial'));
		},
		{env: {MSID_ACCESS_TOKEN: 'initial', MSID_TOKEN_EXPIRES_ON: String(epochNow() + hour)}, control: {validFor: hour}},
	);

	withShell(
		'a token about to expire is refreshed once, at the next prompt',
		async (t, session) => {
			t.deepEqual(await session.shimRuns(), []);
			const refreshed = await session.type(expireIn(shell, 120));
			t.deepEqual(await session.shimRuns(), [`--shell ${shell === 'bash-array' ? 'bash' : shell}`]);
			t.is(refreshed.token, 'tok-1');
			t.true(Number(refreshed.expiresOn) > epochNow() + hour - 60);
			await session.type('true');
			await session.type('true');
			t.is((await session.shimRuns()).length, 1);
		},
		{env: {MSID_ACCESS_TOKEN: 'initial', MSID_TOKEN_EXPIRES_ON: String(epochNow() + hour)}, control: {validFor: hour}},
	);

	withShell(
		'a missing token is fetched at the first prompt',
		async (t, session) => {
			const [first] = await session.prompts();
			t.is(first?.token, 'tok-1');
			await session.type('true');
			t.is((await session.shimRuns()).length, 1);
		},
		{env: {}, control: {validFor: hour}},
	);

	withShell(
		'a failure is reported once across prompts, keeps the old values, and again after a success',
		async (t, session) => {
			for (let index = 0; index < 3; index++) {
				const line = await session.type('true');
				t.is(line.token, 'initial');
			}

			t.true((await session.shimRuns()).length >= 3, 'each stale prompt tried again (retry spacing 0)');
			t.is((await session.screen()).split('SHIMFAIL').length - 1, 1);

			await session.setControl({validFor: 120});
			t.is((await session.type('true')).token.startsWith('tok-'), true, 'a success');
			await session.setControl({fail: true, validFor: 0});
			await session.type('true');
			await session.type('true');
			t.is((await session.screen()).split('SHIMFAIL').length - 1, 2);
		},
		{
			env: {MSID_ACCESS_TOKEN: 'initial', MSID_TOKEN_EXPIRES_ON: String(epochNow() + 10), MSID_HOOK_RETRY_SECONDS: '0'},
			control: {fail: true, validFor: 0},
		},
	);

	withShell(
		'after a failure, retries are spaced out',
		async (t, session) => {
			await session.type('true');
			await session.type('true');
			t.is((await session.shimRuns()).length, 1);
		},
		{env: {}, control: {fail: true, validFor: 0}},
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
		'entering and leaving a directory with a .msid.json runs msid-env once each way',
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
		{env: {MSID_ACCESS_TOKEN: 'initial', MSID_TOKEN_EXPIRES_ON: String(epochNow() + hour)}, control: {validFor: hour}},
	);
}
