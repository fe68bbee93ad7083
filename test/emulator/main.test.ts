import {spawn, type ChildProcess} from 'node:child_process';
import {once} from 'node:events';
import {createInterface} from 'node:readline';
import test from 'ava';
import {pollDeviceCode, requestDeviceCode} from './fixtures.js';
import type {Emulator} from '../../source/emulator/index.js';

interface Standalone {
	child: ChildProcess;
	url: string;
	firstLine: string;
}

async function startStandalone(...args: string[]): Promise<Standalone> {
	const child = spawn(process.execPath, ['--import=tsx', 'source/emulator/main.ts', ...args], {stdio: ['ignore', 'pipe', 'inherit']});
	const lines = createInterface({input: child.stdout!});
	const [firstLine] = (await once(lines, 'line')) as [string];
	return {child, firstLine, url: (JSON.parse(firstLine) as {url: string}).url};
}

async function control(url: string, operation: string, body?: unknown): Promise<Record<string, any>> {
	const response = await fetch(`${url}/__emulator/${operation}`, body === undefined ? {} : {method: 'POST', body: JSON.stringify(body), headers: {'content-type': 'application/json'}});
	return (await response.json()) as Record<string, any>;
}

/** Enough of an Emulator for the shared fixtures, which only need the URL. */
const asEmulator = (url: string) => ({url}) as Emulator;

test('main prints one JSON line with its loopback URL, obeys the control API and stops on SIGTERM', async t => {
	const {child, url, firstLine} = await startStandalone('--interval', '1', '--access-token-lifetime', '600');
	try {
		t.regex(firstLine, /^\{"url":"http:\/\/127\.0\.0\.1:\d+"\}$/);

		t.deepEqual(await control(url, 'faults', {endpoint: 'discovery', fault: {kind: 'status', status: 503}, times: 1}), {ok: true});
		t.is((await fetch(`${url}/common/v2.0/.well-known/openid-configuration`)).status, 503);
		t.is((await fetch(`${url}/common/v2.0/.well-known/openid-configuration`)).status, 200);

		await control(url, 'skew', {ms: 3_600_000});
		const date = Date.parse((await fetch(`${url}/common/discovery/v2.0/keys`)).headers.get('date') ?? '');
		t.true(Math.abs(date - (Date.now() + 3_600_000)) < 5000);

		const start = await requestDeviceCode(asEmulator(url));
		t.is(start.interval, 1);
		t.deepEqual(await control(url, 'decline', {userCode: start.user_code}), {ok: true});
		t.is((await pollDeviceCode(asEmulator(url), start)).body['error'], 'authorization_declined');

		const stats = await control(url, 'stats');
		t.deepEqual(
			(stats['requests'] as Array<{endpoint: string}>).map(request => request.endpoint),
			['discovery', 'discovery', 'jwks', 'devicecode', 'token'],
		);

		const refused = await fetch(`${url}/__emulator/faults`, {method: 'POST', body: JSON.stringify({endpoint: 'nowhere', fault: {kind: 'drop'}})});
		t.is(refused.status, 400);
	} finally {
		child.kill('SIGTERM');
	}

	const [code] = (await once(child, 'exit')) as [number | null];
	t.is(code, 0);
});

test('main refuses a bad option with exit status 2', async t => {
	const child = spawn(process.execPath, ['--import=tsx', 'source/emulator/main.ts', '--port', 'lots'], {stdio: 'ignore'});
	const [code] = (await once(child, 'exit')) as [number | null];
	t.is(code, 2);
});
