/**
 * Entra's recorded throttling answer (429, Retry-After: 60, a text body: test/fixtures/entra/
 * throttled-429.json) replayed to msid's device-code polling, on a virtual clock: no request
 * reaches the token endpoint before the 60 s are over, and the wait says why.
 */
import test from 'ava';
import {deviceCodeFlow} from '../../source/identity/device-code.js';
import type {SignInEvent} from '../../source/model/sign-in-events.js';
import {readEntraFixture} from '../helpers/entra-fixtures.js';
import {emulatorSession} from '../helpers/entra-session.js';
import {startReplayServer} from '../helpers/replay-server.js';
import {VirtualClock} from '../helpers/virtual-clock.js';

test('a recorded 429 with Retry-After: 60 while polling: the next poll waits 60 s of the clock, then the recorded token answer signs in', async t => {
	const server = await startReplayServer();
	t.teardown(async () => server.close());
	server.script('devicecode', await readEntraFixture('device-code.json'));
	server.script('token', await readEntraFixture('authorization-pending.json'), await readEntraFixture('throttled-429.json'), await readEntraFixture('token-graph.json'));
	const clock = new VirtualClock();
	const session = await emulatorSession(server.url, clock);
	const flow = deviceCodeFlow(session, {scopes: ['openid', 'profile', 'offline_access', 'User.Read']});
	const events: SignInEvent[] = [];
	const pollsAt: number[] = [];
	let polls = 0;
	for (;;) {
		const next = await flow.next();
		// A poll happened whenever the replay saw one more token request: note the clock then.
		const seen = server.requests.filter(request => request.endpoint === 'token').length;
		for (; polls < seen; polls++) {
			pollsAt.push(clock.now());
		}

		if (next.done) {
			t.is(next.value.accessToken, server.issued[0]!);
			break;
		}

		events.push(next.value);
	}

	t.is(polls, 3);
	t.true(pollsAt[1]! - pollsAt[0]! >= 5000, 'the recorded interval before the second poll');
	t.true(pollsAt[2]! - pollsAt[1]! >= 60_000, `no poll before Retry-After is over: ${pollsAt[2]! - pollsAt[1]!} ms`);
	const retrying = events.find(event => event.type === 'retrying');
	t.truthy(retrying);
	t.regex(JSON.stringify(retrying), /throttl/i);
	t.true(clock.sleeps.some(ms => ms >= 60_000), clock.sleeps.join(', '));
});

test('the same 429 with Retry-After: 59 is not mistaken for 60 (the boundary, other side)', async t => {
	const server = await startReplayServer();
	t.teardown(async () => server.close());
	const recorded = await readEntraFixture('throttled-429.json');
	server.script('devicecode', await readEntraFixture('device-code.json'));
	server.script('token', {...recorded, headers: {'Retry-After': '59'}}, await readEntraFixture('token-graph.json'));
	const clock = new VirtualClock();
	const flow = deviceCodeFlow(await emulatorSession(server.url, clock), {scopes: ['openid', 'offline_access', 'User.Read']});
	for (let next = await flow.next(); !next.done; next = await flow.next()) {
		// Drain the events.
	}

	t.true(clock.sleeps.includes(59_000), clock.sleeps.join(', '));
	t.false(clock.sleeps.some(ms => ms >= 60_000), clock.sleeps.join(', '));
});
