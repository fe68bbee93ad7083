/**
 * RFC 8628 polling rules, against the Entra emulator over real HTTP, on a virtual clock.
 */
import test from 'ava';
import {MsidError} from '../../source/model/errors.js';
import {startEmulator, type Emulator} from '../../source/emulator/index.js';
import {deviceCodeFlow} from '../../source/identity/device-code.js';
import type {SignInEvent} from '../../source/model/sign-in-events.js';
import type {TokenSet} from '../../source/identity/token-set.js';
import {approveDeviceCode} from '../helpers/emulator-approve.js';
import {emulatorSession} from '../helpers/entra-session.js';
import {VirtualClock} from '../helpers/virtual-clock.js';

const scopes = ['openid', 'profile', 'offline_access', 'User.Read'];

interface Run {
	events: SignInEvent[];
	tokens?: TokenSet;
	error?: unknown;
	clock: VirtualClock;
}

/**
 * Runs the flow; `onEvent` may act (approve, inject faults, abort) when an event arrives,
 * which is how a user and a flaky network interleave with polling.
 */
async function runFlow(
	emulator: Emulator,
	clock: VirtualClock,
	onEvent: (event: SignInEvent, events: SignInEvent[]) => Promise<void> | void,
	options: {scopes?: string[]; signal?: AbortSignal} = {},
): Promise<Run> {
	const session = await emulatorSession(emulator.url, clock, options.signal ? {signal: options.signal} : {});
	const events: SignInEvent[] = [];
	const flow = deviceCodeFlow(session, {scopes: options.scopes ?? scopes});
	try {
		for (;;) {
			const next = await flow.next();
			if (next.done) {
				return {events, tokens: next.value, clock};
			}

			events.push(next.value);
			await onEvent(next.value, events);
		}
	} catch (error) {
		return {events, error, clock};
	}
}

function codeOf(events: SignInEvent[]) {
	const code = events.find(event => event.type === 'code');
	if (code?.type !== 'code') {
		throw new Error('no code event');
	}

	return code;
}

async function approve(events: SignInEvent[], decision: 'approve' | 'decline' = 'approve') {
	const code = codeOf(events);
	await approveDeviceCode({verificationUri: code.verificationUri, userCode: code.userCode, decision});
}

function withEmulator(clock: VirtualClock, run: (emulator: Emulator) => Promise<void>, interval = 5) {
	return async () => {
		const emulator = await startEmulator({clock, interval});
		try {
			await run(emulator);
		} finally {
			await emulator.close();
		}
	};
}

test('pending polls wait the interval, then the approved sign-in returns tokens', async t => {
	const clock = new VirtualClock();
	await withEmulator(clock, async emulator => {
		const run = await runFlow(emulator, clock, async (event, events) => {
			if (event.type === 'pending' && event.polls === 2) {
				await approve(events);
			}
		});
		t.is(run.error, undefined);
		t.truthy(run.tokens?.accessToken);
		t.truthy(run.tokens?.refreshToken);
		t.is(run.tokens?.idClaims?.['preferred_username'], 'alice@contoso.onmicrosoft.com');
		t.deepEqual(run.events.map(event => event.type), ['code', 'pending', 'pending']);
		t.deepEqual(clock.sleeps, [5000, 5000, 5000]);
		t.is(emulator.stats.count('token'), 3);
	})();
});

for (const interval of [3, 7]) {
	test(`the server's interval of ${interval} s is the wait between polls, not the default of 5`, async t => {
		const clock = new VirtualClock();
		await withEmulator(clock, async emulator => {
			const run = await runFlow(emulator, clock, async (event, events) => {
				if (event.type === 'pending' && event.polls === 1) {
					await approve(events);
				}
			});
			t.is(run.error, undefined);
			t.deepEqual(clock.sleeps, [interval * 1000, interval * 1000]);
		}, interval)();
	});
}

test('slow_down adds 5 s to the interval for the rest of the flow', async t => {
	const clock = new VirtualClock();
	await withEmulator(clock, async emulator => {
		const run = await runFlow(emulator, clock, async (event, events) => {
			if (event.type === 'code') {
				emulator.faults.enqueue('token', {kind: 'slow_down'}, 1);
			}

			if (event.type === 'pending' && event.polls === 2) {
				emulator.faults.enqueue('token', {kind: 'slow_down'}, 1);
			}

			if (event.type === 'pending' && event.polls === 4) {
				await approve(events);
			}
		});
		t.is(run.error, undefined);
		t.deepEqual(run.events.map(event => event.type), ['code', 'slow-down', 'pending', 'slow-down', 'pending']);
		// 5 s, then 10 s after the first slow_down, 15 s after the second, and never back down.
		t.deepEqual(clock.sleeps, [5000, 10_000, 10_000, 15_000, 15_000]);
		const slowDowns = run.events.filter(event => event.type === 'slow-down');
		t.deepEqual(slowDowns.map(event => (event.type === 'slow-down' ? event.interval : 0)), [10, 15]);
	})();
});

test('two 503s and a dropped connection during polling still end in success', async t => {
	const clock = new VirtualClock();
	await withEmulator(clock, async emulator => {
		const run = await runFlow(emulator, clock, async (event, events) => {
			if (event.type === 'code') {
				emulator.faults.enqueue('token', {kind: 'status', status: 503}, 2);
				emulator.faults.enqueue('token', {kind: 'drop'}, 1);
			}

			if (event.type === 'retrying' && event.attempt === 3) {
				await approve(events);
			}
		});
		t.is(run.error, undefined, String(run.error));
		t.truthy(run.tokens?.accessToken);
		t.deepEqual(run.events.map(event => event.type), ['code', 'retrying', 'retrying', 'retrying']);
		// Backoff grows and is never faster than the interval.
		t.deepEqual(clock.sleeps, [5000, 5000, 10_000, 20_000]);
		t.true(clock.sleeps.every(ms => ms >= 5000));
	})();
});

test('an HTML page where JSON belongs (a captive portal) is retried, and the sign-in ends well once it is gone', async t => {
	const clock = new VirtualClock();
	await withEmulator(clock, async emulator => {
		const run = await runFlow(emulator, clock, async (event, events) => {
			if (event.type === 'code') {
				emulator.faults.enqueue('token', {kind: 'html'}, 3);
			}

			if (event.type === 'retrying' && event.attempt === 3) {
				await approve(events);
			}
		});
		t.is(run.error, undefined);
		t.truthy(run.tokens?.accessToken);
		const retries = run.events.filter(event => event.type === 'retrying');
		t.is(retries.length, 3);
		t.true(retries.every(event => event.type === 'retrying' && /captive portal/.test(event.reason)));
	})();
});

test('a declined sign-in ends the flow with a plain message', async t => {
	const clock = new VirtualClock();
	await withEmulator(clock, async emulator => {
		const run = await runFlow(emulator, clock, async (event, events) => {
			if (event.type === 'code') {
				await approve(events, 'decline');
			}
		});
		t.true(run.error instanceof MsidError);
		t.is((run.error as MsidError).code, 'declined');
		t.is((run.error as MsidError).exitCode, 1);
	})();
});

test('the device code\'s own expiry ends the flow without another request', async t => {
	const clock = new VirtualClock();
	await withEmulator(clock, async emulator => {
		const run = await runFlow(emulator, clock, () => undefined);
		t.is((run.error as MsidError).code, 'device-code-expired');
		const code = codeOf(run.events);
		t.true(clock.now() >= code.expiresAt);
		// 900 s at 5 s a poll: 179 pending answers, then the deadline, not a 181st request.
		t.is(emulator.stats.count('token'), 179);
	})();
});

test('expired_token from the server ends the flow', async t => {
	const clock = new VirtualClock();
	await withEmulator(clock, async emulator => {
		const run = await runFlow(emulator, clock, (event, events) => {
			if (event.type === 'pending') {
				emulator.faults.expire(codeOf(events).userCode);
			}
		});
		t.is((run.error as MsidError).code, 'device-code-expired');
	})();
});

test('aborting cancels the flow with exit status 130', async t => {
	const clock = new VirtualClock();
	const controller = new AbortController();
	await withEmulator(clock, async emulator => {
		const run = await runFlow(
			emulator,
			clock,
			event => {
				if (event.type === 'pending') {
					controller.abort();
				}
			},
			{signal: controller.signal},
		);
		t.is((run.error as MsidError).code, 'cancelled');
		t.is((run.error as MsidError).exitCode, 130);
	})();
});

test('a token response without a refresh token warns and names offline_access', async t => {
	const clock = new VirtualClock();
	await withEmulator(clock, async emulator => {
		const run = await runFlow(
			emulator,
			clock,
			async (event, events) => {
				if (event.type === 'code') {
					await approve(events);
				}
			},
			{scopes: ['openid', 'profile', 'User.Read']},
		);
		t.is(run.tokens?.refreshToken, undefined);
		const warning = run.events.find(event => event.type === 'warning');
		t.is(warning?.type === 'warning' ? warning.code : undefined, 'no-refresh-token');
		t.regex(warning?.type === 'warning' ? warning.message : '', /offline_access/);
	})();
});

test('a client with public client flows disabled gets the AADSTS7000218 guidance', async t => {
	const clock = new VirtualClock();
	const {NO_PUBLIC_FLOWS_CLIENT_ID} = await import('../../source/emulator/index.js');
	await withEmulator(clock, async emulator => {
		const session = await emulatorSession(emulator.url, clock, {clientId: NO_PUBLIC_FLOWS_CLIENT_ID});
		const flow = deviceCodeFlow(session, {scopes});
		const error = await t.throwsAsync(async () => {
			for (;;) {
				const next = await flow.next();
				if (next.done) {
					return;
				}

				if (next.value.type === 'code') {
					await approveDeviceCode({verificationUri: next.value.verificationUri, userCode: next.value.userCode});
				}
			}
		});
		t.regex(error?.message ?? '', /AADSTS7000218.*does not allow public client flows/);
		const remedy = error instanceof MsidError ? error.remedy : undefined;
		t.regex(remedy?.kind === 'app-registration' ? remedy.what : '', /Allow public client flows/);
	})();
});

test('a 429 with Retry-After: 60 during polling: no poll for 60 s, and the event names throttling', async t => {
	const clock = new VirtualClock();
	await withEmulator(clock, async emulator => {
		const run = await runFlow(emulator, clock, async (event, events) => {
			if (event.type === 'code') {
				emulator.faults.enqueue('token', {kind: 'status', status: 429, retryAfter: 60});
			}

			if (event.type === 'pending') {
				await approve(events);
			}
		});
		t.is(run.error, undefined);
		t.truthy(run.tokens?.accessToken);
		const retrying = run.events.find(event => event.type === 'retrying');
		t.regex(retrying?.type === 'retrying' ? retrying.reason : '', /throttling/);
		const polls = emulator.stats.requests.filter(record => record.endpoint === 'token').map(record => record.at);
		t.true(polls.length >= 2);
		t.true(polls[1]! - polls[0]! >= 60_000, `the next poll came ${polls[1]! - polls[0]!} ms after the 429`);
		t.true(polls[1]! - polls[0]! < 61_000, 'and not much later');
	})();
});
