/**
 * A 429 during a refresh: the token service asks the provider nothing before Retry-After has
 * passed (in this process or any other, through the account's config), and says the provider
 * is throttling. Against the emulator over real HTTP, on a virtual clock.
 */
import path from 'node:path';
import test from 'ava';
import {ALICE, startEmulator, GRAPH_CLI_CLIENT_ID} from '../../source/emulator/index.js';
import {createRuntime} from '../../source/app/runtime/create-runtime.js';
import {createServices} from '../../source/app/create-services.js';
import {MsidError} from '../../source/model/errors.js';
import {VirtualClock} from '../helpers/virtual-clock.js';
import {cleanupTempDirs, makeTempDir} from '../helpers/temp-dirs.js';

test.after.always(cleanupTempDirs);

test('a 429 with Retry-After: 60 during refresh: no token request for 60 s, and the message names throttling', async t => {
	const clock = new VirtualClock();
	const emulator = await startEmulator({clock, interval: 1});
	t.teardown(async () => emulator.close());
	const home = await makeTempDir('msid-throttle-');
	const env = {MSID_CONFIG_DIR: path.join(home, 'config'), MSID_STORE: 'file', AZURE_AUTHORITY_HOST: emulator.url, HOME: home};
	const runtime = await createRuntime({env, clock, warn() {}});
	const services = createServices(runtime);
	for await (const event of services.signIn({flow: 'password', clientId: GRAPH_CLI_CLIENT_ID, username: ALICE.username, password: ALICE.password})) {
		if (event.type === 'failure') {
			throw event.error;
		}
	}

	clock.advance(2 * 60 * 60 * 1000);
	emulator.faults.enqueue('token', {kind: 'status', status: 429, retryAfter: 60});
	const tokenRequests = () => emulator.stats.requests.filter(record => record.endpoint === 'token');
	const before = tokenRequests().length;
	const throttled = await t.throwsAsync(services.tokens.get({}), {instanceOf: MsidError});
	t.regex(throttled.message, /throttling requests/);
	t.regex(throttled.message, /try again in 60 s/i);
	t.is(tokenRequests().length, before + 1);
	const throttledAt = tokenRequests().at(-1)!.at;

	// 59 s later, another command (a new service over the same config) still asks nothing.
	clock.advance(59_000);
	const again = await t.throwsAsync(createServices(await createRuntime({env, clock, warn() {}})).tokens.get({}), {instanceOf: MsidError});
	t.regex(again.message, /throttling requests.*try again in 1 s/);
	t.is(tokenRequests().length, before + 1, 'no request before Retry-After has passed');

	clock.advance(1000);
	const fresh = await services.tokens.get({});
	t.truthy(fresh.accessToken);
	t.true(tokenRequests().at(-1)!.at - throttledAt >= 60_000);
	const list = await services.accounts.list();
	t.is(list[0]?.state, 'valid', 'throttling never marks the account');
});
