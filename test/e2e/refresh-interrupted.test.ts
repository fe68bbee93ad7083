/**
 * A refresh, once sent, is finished and stored: against oidc-provider with refresh-token
 * rotation and reuse detection (a replayed refresh token revokes the grant, as at Auth0 and
 * Okta), a signal that reaches `msid token`, `msid exec` or the dashboard (in tmux) while the
 * server has just rotated the token must not cost the session. The server's own hook sends the
 * signal at that moment, before it answers.
 */
import {existsSync} from 'node:fs';
import path from 'node:path';
import {setTimeout as delay} from 'node:timers/promises';
import test from 'ava';
import {keychainPerTestFile, signIn} from '../helpers/e2e.js';
import {setTokenExpiry} from '../helpers/token-expiry.js';
import {cliPath, makeMsidEnv, runMsid, startMsid, type MsidEnv, type Running} from '../helpers/cli.js';
import {startOidcProvider, type OidcServer} from '../helpers/oidc-server.js';
import {missingTmux, TmuxPane} from '../helpers/tmux.js';
import {testNeeding} from '../helpers/tool-gate.js';

const keyring = keychainPerTestFile();

async function signedIn(signals: {next?: () => Promise<void>}) {
	const provider = await startOidcProvider({
		pollInterval: 1,
		async beforeTokenResponse(grantType) {
			if (grantType === 'refresh_token' && signals.next) {
				const send = signals.next;
				signals.next = undefined;
				await send();
			}
		},
	});
	const msid = await makeMsidEnv(keyring().env);
	await signIn(msid.env, ['--provider', 'oidc', '--issuer', provider.issuer, '--client-id', provider.clients.device.clientId], async (userCode, uri) =>
		provider.approveDevice({verificationUri: uri, userCode}),
	);
	return {provider, msid};
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
	test(`${signal} while the provider rotates the refresh token: the new token is stored and the next msid token needs no sign-in`, async t => {
		const hook: {next?: () => Promise<void>} = {};
		const {provider, msid} = await signedIn(hook);
		t.teardown(async () => provider.close());
		for (let round = 1; round <= 3; round++) {
			await setTokenExpiry(msid, 60_000);
			let running: Running | undefined;
			hook.next = async () => {
				running!.child.kill(signal);
				// Let the signal land before the answer does.
				await delay(300);
			};

			running = startMsid(['token'], msid.env);
			const interrupted = await running.done;
			t.true(hook.next === undefined, 'the signal was sent while the refresh was at the server');
			t.is(interrupted.signal, null, `round ${round}: msid was not killed by the signal`);
			t.is(interrupted.code, 130, `round ${round}: the command still reports the cancellation: ${interrupted.stderr}`);
			t.is(interrupted.stdout, '', 'a cancelled command prints no token');

			const next = await runMsid(['token'], msid.env);
			t.is(next.code, 0, `round ${round}: ${next.stderr}`);
			t.true((await provider.introspect(next.stdout.trim())).active);
			const forced = await runMsid(['token', '--force'], msid.env);
			t.is(forced.code, 0, `round ${round}: the stored refresh token is the live one: ${forced.stderr}`);
		}

		t.is(provider.counts().invalidGrant, 0, 'no spent refresh token was ever replayed');
	});
}

test('a second Ctrl-C during the refresh quits at once and says the session may need a sign-in', async t => {
	const hook: {next?: () => Promise<void>} = {};
	const {provider, msid} = await signedIn(hook);
	t.teardown(async () => provider.close());
	await setTokenExpiry(msid, 60_000);
	let running: Running | undefined;
	let quitBeforeAnswer = false;
	let hookDone!: () => void;
	const hookFinished = new Promise<void>(resolve => {
		hookDone = resolve;
	});
	hook.next = async () => {
		running!.child.kill('SIGINT');
		await delay(200);
		running!.child.kill('SIGINT');
		const result = await Promise.race([running!.done, delay(10_000).then(() => undefined)]);
		quitBeforeAnswer = result !== undefined;
		hookDone();
	};

	running = startMsid(['token'], msid.env);
	const result = await running.done;
	await hookFinished;
	t.true(quitBeforeAnswer, 'msid quit while the server still held its answer');
	t.is(result.code, 130);
	t.regex(result.stderr, /quit during the refresh of .*session is lost.*sign-in/);
	t.is(result.stderr.trim().split('\n').length, 1, result.stderr);
});

/** After the interruption: the next msid token needs no sign-in, and the stored refresh token is the live one. */
async function sessionIntact(t: import('ava').ExecutionContext, provider: OidcServer, msid: MsidEnv, what: string): Promise<void> {
	const next = await runMsid(['token'], msid.env);
	t.is(next.code, 0, `${what}: ${next.stderr}`);
	t.true((await provider.introspect(next.stdout.trim())).active);
	const forced = await runMsid(['token', '--force'], msid.env);
	t.is(forced.code, 0, `${what}: the stored refresh token is the live one: ${forced.stderr}`);
	t.is(provider.counts().invalidGrant, 0, 'no spent refresh token was ever replayed');
}

/** The dashboard in tmux, once it lists the signed-in account. */
async function dashboard(t: import('ava').ExecutionContext, msid: MsidEnv): Promise<TmuxPane> {
	// CI set as in a CI terminal: the dashboard stays full screen there.
	const pane = await TmuxPane.start({command: [process.execPath, cliPath], env: {...msid.env, TERM: 'screen', CI: 'true'}, width: 120, height: 40});
	t.teardown(async () => pane.stop());
	await pane.waitFor(/msid · 1 account\b[\s\S]*(?:valid|expiring)/, 'the signed-in account');
	return pane;
}

for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
	test(`${signal} to msid exec while it refreshes before starting the command: the token is stored, the command never starts, the session stays`, async t => {
		const hook: {next?: () => Promise<void>} = {};
		const {provider, msid} = await signedIn(hook);
		t.teardown(async () => provider.close());
		await setTokenExpiry(msid, 60_000);
		const marker = path.join(msid.home, 'command-ran');
		let running: Running | undefined;
		hook.next = async () => {
			running!.child.kill(signal);
			await delay(300);
		};

		running = startMsid(['exec', '--', 'sh', '-c', 'echo ran > "$0"', marker], msid.env);
		const interrupted = await running.done;
		t.true(hook.next === undefined, 'the signal was sent while the refresh was at the server');
		t.is(interrupted.signal, null, 'msid was not killed by the signal');
		t.is(interrupted.code, 130, interrupted.stderr);
		t.false(existsSync(marker), 'a cancelled msid exec does not start the command');
		await sessionIntact(t, provider, msid, signal);
	});

	testNeeding(missingTmux())(`${signal} to the dashboard while the refresh it started (r) is at the server: the token is stored before it ends, the session stays`, async t => {
		const hook: {next?: () => Promise<void>} = {};
		const {provider, msid} = await signedIn(hook);
		t.teardown(async () => provider.close());
		// Due for refresh, so the msid token after it must refresh with what the dashboard stored.
		await setTokenExpiry(msid, 60_000);
		const pane = await dashboard(t, msid);
		const pid = await pane.pid();
		hook.next = async () => {
			process.kill(pid, signal);
			await delay(300);
		};

		await pane.press('r');
		const status = await pane.waitForExit();
		t.true(hook.next === undefined, 'the signal was sent while the refresh was at the server');
		t.is(status, 130, `the dashboard ended as cancelled, not killed by the signal:\n${await pane.everything()}`);
		await sessionIntact(t, provider, msid, signal);
	});
}

testNeeding(missingTmux())('a second signal while the dashboard\'s refresh is at the server quits at once and says the session may need a sign-in', async t => {
	const hook: {next?: () => Promise<void>} = {};
	const {provider, msid} = await signedIn(hook);
	t.teardown(async () => provider.close());
	const pane = await dashboard(t, msid);
	const pid = await pane.pid();
	let quitBeforeAnswer = false;
	let hookDone!: () => void;
	const hookFinished = new Promise<void>(resolve => {
		hookDone = resolve;
	});
	hook.next = async () => {
		process.kill(pid, 'SIGTERM');
		await delay(200);
		process.kill(pid, 'SIGTERM');
		const status = await pane.waitForExit(10_000).catch(() => undefined);
		quitBeforeAnswer = status !== undefined;
		hookDone();
	};

	await pane.press('r');
	const status = await pane.waitForExit();
	await hookFinished;
	t.true(quitBeforeAnswer, 'the dashboard quit while the server still held its answer');
	t.is(status, 130);
	const screen = await pane.everything();
	t.regex(screen.replaceAll('\n', ''), /msid: quit during the refresh of .*session is lost.*sign-in/, screen);
});
