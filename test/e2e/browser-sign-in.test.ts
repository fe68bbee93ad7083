/**
 * `msid login --flow browser` through Debian's Chromium at the emulator, whose app
 * registrations hold what real ones hold: the portal's `http://localhost` (also Microsoft
 * Graph Command Line Tools) or an API-made `http://127.0.0.1`, matched like Entra does (host
 * and path exactly, port free).
 */
import {chmod, readFile, writeFile} from 'node:fs/promises';
import {setTimeout as delay} from 'node:timers/promises';
import path from 'node:path';
import test, {type ExecutionContext} from 'ava';
import {ALICE, LOCALHOST_CLIENT_ID, LOOPBACK_IP_CLIENT_ID} from '../../source/emulator/index.js';
import {chromiumMissing, launchChromium, withPage} from '../helpers/chromium.js';
import {emulatorPerTestFile, keychainPerTestFile} from '../helpers/e2e.js';
import {makeMsidEnv, runMsid, startMsid, type MsidEnv, type Running} from '../helpers/cli.js';
import {jwtClaims} from '../helpers/jwt.js';
import {snapshotState} from '../helpers/state-snapshot.js';
import {testNeeding} from '../helpers/tool-gate.js';

const keyring = keychainPerTestFile();
const emulator = emulatorPerTestFile();
const browserTest = testNeeding(chromiumMissing());

/** Starts `msid login ARGS` with a "browser" that hands the URL to the test, and waits for that URL. */
async function startBrowserLogin(msid: MsidEnv, args: string[]): Promise<{login: Running; url: string}> {
	const urlFile = path.join(msid.home, 'opened-url');
	const opener = path.join(msid.home, 'open-url');
	await writeFile(opener, `#!/bin/sh\nprintf '%s' "$1" > '${urlFile}'\n`);
	await chmod(opener, 0o755);
	const login = startMsid(['login', '--flow', 'browser', ...args], {...msid.env, BROWSER: opener});
	let url = '';
	for (let tries = 0; !url && tries < 200; tries++) {
		url = await readFile(urlFile, 'utf8').catch(() => '');
		await delay(50);
	}

	return {login, url};
}

/** Alice signs in and approves in Chromium; resolves with the URL the browser ended on. */
async function signInWithChromium(t: ExecutionContext, url: string): Promise<URL> {
	const browser = await launchChromium();
	t.teardown(async () => browser.close());
	return withPage(browser, async page => {
		await page.goto(url);
		await page.fill('#username', ALICE.username);
		await page.fill('#password', ALICE.password);
		await page.click('button[type=submit]');
		await page.click('button[value=approve]');
		await page.locator('main[data-outcome="success"]').waitFor();
		return new URL(page.url());
	});
}

async function signedInEnv(): Promise<MsidEnv> {
	return makeMsidEnv({...keyring().env, AZURE_AUTHORITY_HOST: emulator().url});
}

browserTest('default client (Microsoft Graph Command Line Tools, http://localhost registered): Chromium signs in and msid stores the account', async t => {
	const msid = await signedInEnv();
	const {login, url} = await startBrowserLogin(msid, []);
	t.regex(url, /\/oauth2\/v2\.0\/authorize\?.*code_challenge_method=S256/);
	t.regex(new URL(url).searchParams.get('redirect_uri') ?? '', /^http:\/\/localhost:\d+$/);
	const landed = await signInWithChromium(t, url);
	t.is(landed.hostname, 'localhost');
	const result = await login.done;
	t.is(result.code, 0, result.stderr);
	t.regex(result.stderr, /Signed in as alice@contoso\.onmicrosoft\.com/);
	const token = await runMsid(['token'], msid.env);
	t.is(jwtClaims(token.stdout.trim())['upn'], ALICE.username);
});

browserTest('a client registered only for http://localhost signs in through Chromium', async t => {
	const msid = await signedInEnv();
	const {login, url} = await startBrowserLogin(msid, ['--client-id', LOCALHOST_CLIENT_ID]);
	t.regex(new URL(url).searchParams.get('redirect_uri') ?? '', /^http:\/\/localhost:\d+$/);
	await signInWithChromium(t, url);
	const result = await login.done;
	t.is(result.code, 0, result.stderr);
	t.regex(result.stderr, /Signed in as alice@contoso\.onmicrosoft\.com/);
});

browserTest('a client registered only for http://127.0.0.1 signs in with --redirect-uri http://127.0.0.1, which the account keeps', async t => {
	const msid = await signedInEnv();
	const {login, url} = await startBrowserLogin(msid, ['--client-id', LOOPBACK_IP_CLIENT_ID, '--redirect-uri', 'http://127.0.0.1']);
	t.regex(new URL(url).searchParams.get('redirect_uri') ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
	const landed = await signInWithChromium(t, url);
	t.is(landed.hostname, '127.0.0.1');
	const result = await login.done;
	t.is(result.code, 0, result.stderr);
	const config = JSON.parse(await readFile(path.join(msid.configDir, 'config.json'), 'utf8')) as {accounts: Record<string, {flowSettings?: Record<string, string>}>};
	t.deepEqual(Object.values(config.accounts)[0]?.flowSettings, {redirectUri: 'http://127.0.0.1'});

	// Signing the account in again uses the same registration without being told.
	const again = await startBrowserLogin(msid, [ALICE.username]);
	t.regex(new URL(again.url).searchParams.get('redirect_uri') ?? '', /^http:\/\/127\.0\.0\.1:\d+$/);
	again.login.child.kill();
	await again.login.done;
});

browserTest('without the option, a client registered only for http://127.0.0.1 gets Entra\'s AADSTS50011 page', async t => {
	const msid = await signedInEnv();
	const {login, url} = await startBrowserLogin(msid, ['--client-id', LOOPBACK_IP_CLIENT_ID]);
	t.teardown(() => login.child.kill('SIGINT'));
	const page = await fetch(url);
	t.is(page.status, 400);
	t.regex(await page.text(), /AADSTS50011/);
});

// Serial (so it runs alone, first): it counts the emulator's discovery requests.
test.serial('--redirect-uri that is not a loopback http URI, or with another flow: one line, exit 2, nothing changed', async t => {
	const msid = await signedInEnv();
	const discoveries = emulator().stats.count('discovery');
	for (const [args, pattern] of [
		[['--flow', 'browser', '--redirect-uri', 'http://foo.localhost'], /is not a loopback redirect URI: give http:\/\/localhost or http:\/\/127\.0\.0\.1/],
		[['--flow', 'browser', '--redirect-uri', 'https://localhost'], /is not a loopback redirect URI/],
		[['--redirect-uri', 'http://localhost'], /A redirect URI is for the browser sign-in only\. Give --flow browser\./],
	] as const) {
		const before = await snapshotState(msid);
		const result = await runMsid(['login', ...args], msid.env);
		t.is(result.code, 2, result.stderr);
		t.is(result.stderr.trimEnd().split('\n').length, 1, result.stderr);
		t.regex(result.stderr, pattern);
		t.deepEqual(await snapshotState(msid), before);
	}

	t.is(emulator().stats.count('discovery'), discoveries, 'refused before any request');
});
