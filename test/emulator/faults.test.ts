import test from 'ava';
import {aadstsCode, manualClock, postForm, requestDeviceCode, withEmulator} from './fixtures.js';

const discovery = (url: string) => `${url}/common/v2.0/.well-known/openid-configuration`;

test('a status fault answers 503 with an AADSTS body, once', async t => {
	await withEmulator({}, async emulator => {
		emulator.faults.enqueue('discovery', {kind: 'status', status: 503, retryAfter: 2});
		const failed = await fetch(discovery(emulator.url));
		t.is(failed.status, 503);
		t.is(failed.headers.get('retry-after'), '2');
		const body = (await failed.json()) as Record<string, unknown>;
		t.is(body['error'], 'temporarily_unavailable');
		t.is((await fetch(discovery(emulator.url))).status, 200);
	});
});

test('a status fault can have an empty body, and repeat', async t => {
	await withEmulator({}, async emulator => {
		emulator.faults.enqueue('token', {kind: 'status', status: 502, body: 'empty'}, 2);
		for (let attempt = 0; attempt < 2; attempt++) {
			const response = await fetch(`${emulator.url}/common/oauth2/v2.0/token`, {method: 'POST', body: new URLSearchParams({})});
			t.is(response.status, 502);
			t.is(await response.text(), '');
		}
	});
});

test('a drop fault closes the connection without an answer', async t => {
	await withEmulator({}, async emulator => {
		emulator.faults.enqueue('devicecode', {kind: 'drop'});
		await t.throwsAsync(fetch(`${emulator.url}/common/oauth2/v2.0/devicecode`, {method: 'POST', body: new URLSearchParams({})}), {
			instanceOf: TypeError,
		});
		t.truthy(await requestDeviceCode(emulator));
	});
});

test('an html fault answers a web page', async t => {
	await withEmulator({}, async emulator => {
		emulator.faults.enqueue('token', {kind: 'html', status: 500});
		const response = await fetch(`${emulator.url}/common/oauth2/v2.0/token`, {method: 'POST'});
		t.is(response.status, 500);
		t.regex(response.headers.get('content-type') ?? '', /^text\/html/);
		t.regex(await response.text(), /<html>/);
	});
});

test('a malformed fault answers JSON that does not parse', async t => {
	await withEmulator({}, async emulator => {
		emulator.faults.enqueue('jwks', {kind: 'malformed'});
		const response = await fetch(`${emulator.url}/common/discovery/v2.0/keys`);
		t.is(response.status, 200);
		t.regex(response.headers.get('content-type') ?? '', /^application\/json/);
		await t.throwsAsync(response.json(), {instanceOf: SyntaxError});
	});
});

test('an aadsts fault answers that error', async t => {
	await withEmulator({}, async emulator => {
		emulator.faults.enqueue('token', {kind: 'aadsts', error: 'invalid_grant', code: 700_082, description: 'The refresh token has expired due to inactivity.'});
		const {status, body} = await postForm(`${emulator.url}/common/oauth2/v2.0/token`, {});
		t.is(status, 400);
		t.is(body['error'], 'invalid_grant');
		t.is(aadstsCode(body), 700_082);
		t.regex(body['error_description'] as string, /^AADSTS700082: The refresh token has expired due to inactivity\./);
	});
});

test('a latency fault delays, then answers normally', async t => {
	await withEmulator({}, async emulator => {
		emulator.faults.enqueue('discovery', {kind: 'latency', ms: 150});
		const started = performance.now();
		t.is((await fetch(discovery(emulator.url))).status, 200);
		t.true(performance.now() - started >= 140);
	});
});

test('faults are consumed in order per endpoint, and clear() drops them', async t => {
	await withEmulator({}, async emulator => {
		emulator.faults.enqueue('discovery', {kind: 'status', status: 500});
		emulator.faults.enqueue('discovery', {kind: 'status', status: 503});
		emulator.faults.enqueue('jwks', {kind: 'status', status: 504});
		t.is((await fetch(discovery(emulator.url))).status, 500);
		t.is((await fetch(discovery(emulator.url))).status, 503);
		emulator.faults.clear();
		t.is((await fetch(`${emulator.url}/common/discovery/v2.0/keys`)).status, 200);
	});
});

test('every response has a Date header: emulator clock plus skew', async t => {
	const clock = manualClock(Date.UTC(2030, 5, 1, 12, 0, 0));
	await withEmulator({clock}, async emulator => {
		t.is((await fetch(discovery(emulator.url))).headers.get('date'), 'Sat, 01 Jun 2030 12:00:00 GMT');
		emulator.faults.setDateSkew(-5 * 60 * 1000);
		t.is((await fetch(discovery(emulator.url))).headers.get('date'), 'Sat, 01 Jun 2030 11:55:00 GMT');
		const error = await postForm(`${emulator.url}/nowhere/oauth2/v2.0/token`, {});
		t.is(error.headers.get('date'), 'Sat, 01 Jun 2030 11:55:00 GMT');
	});
});

test('stats record each request with endpoint, method, tenant and grant type', async t => {
	const clock = manualClock();
	await withEmulator({clock}, async emulator => {
		await fetch(discovery(emulator.url));
		await postForm(`${emulator.url}/contoso.onmicrosoft.com/oauth2/v2.0/token`, {grant_type: 'refresh_token', client_id: 'x'});
		t.deepEqual(emulator.stats.requests, [
			{endpoint: 'discovery', method: 'GET', tenant: 'common', at: clock.now()},
			{endpoint: 'token', method: 'POST', tenant: 'contoso.onmicrosoft.com', grantType: 'refresh_token', at: clock.now()},
		]);
		t.is(emulator.stats.count('token'), 1);
		t.is(emulator.stats.count('token', 'device_code'), 0);
	});
});
