/**
 * The managed-identity endpoint's own rules, over real HTTP on 127.0.0.1 with a stand-in token
 * source: the secret gates everything, each protocol's required parts are checked, failures
 * come back as JSON, and closing aborts what is in flight.
 */
import {networkInterfaces} from 'node:os';
import {tryConnect} from '../helpers/connect.js';
import test from 'ava';
import {MsidError} from '../../source/model/errors.js';
import {startIdentityEndpoint, type IdentityEndpoint} from '../../source/system/identity-endpoint.js';
import type {IssuedToken, TokenTarget} from '../../source/system/managed-identity-shapes.js';
import {FakeClock} from './fake-clock.js';

const clientId = '14d82eec-204b-4c2f-b7e8-296a70dab67e';

async function endpoint(issue: (target: TokenTarget, signal: AbortSignal) => Promise<IssuedToken>, clock = new FakeClock()): Promise<IdentityEndpoint> {
	return startIdentityEndpoint({
		issue,
		describeFailure: error => ({status: 400, error: 'invalid_grant', message: error instanceof Error ? error.message : 'failed'}),
		clientId,
		clock,
	});
}

const token = (accessToken: string): IssuedToken => ({accessToken, tokenType: 'Bearer', expiresAt: 1_700_003_600_000, obtainedAt: 1_700_000_000_000, clientId});

async function get(url: string, headers: Record<string, string> = {}, method = 'GET'): Promise<{status: number; body: Record<string, string>}> {
	const response = await fetch(url, {headers, method});
	return {status: response.status, body: await response.json() as Record<string, string>};
}

test('App Service: the secret header, api-version 2019-08-01, resource or scope', async t => {
	const asked: TokenTarget[] = [];
	const server = await endpoint(async target => {
		asked.push(target);
		return token('at-1');
	});
	t.teardown(async () => server.close());
	const url = (query: string) => `${server.appServiceUrl}?${query}`;
	const ok = await get(url('api-version=2019-08-01&resource=https://vault.azure.net'), {'X-IDENTITY-HEADER': server.secret});
	t.is(ok.status, 200);
	t.deepEqual(ok.body, {access_token: 'at-1', expires_on: '1700003600', resource: 'https://vault.azure.net', token_type: 'Bearer', client_id: clientId});
	t.is((await get(url('api-version=2019-08-01&scope=https://vault.azure.net/.default'), {'X-IDENTITY-HEADER': server.secret})).status, 200);
	t.deepEqual(asked, [{resource: 'https://vault.azure.net'}, {scope: 'https://vault.azure.net/.default'}]);

	for (const [query, pattern] of [
		['api-version=2017-09-01&resource=r', /2019-08-01/],
		['api-version=2019-08-01', /resource/],
		['api-version=2019-08-01&resource=r&scope=s', /not both/],
		['api-version=2019-08-01&resource=r&mi_res_id=x', /user-assigned/],
		['api-version=2019-08-01&resource=r&client_id=00000000-0000-0000-0000-000000000000', /not client_id/],
	] as const) {
		const refused = await get(url(query), {'X-IDENTITY-HEADER': server.secret});
		t.is(refused.status, 400, query);
		t.regex(refused.body['error_description']!, pattern);
	}

	t.is((await get(url(`api-version=2019-08-01&resource=r&client_id=${clientId.toUpperCase()}`), {'X-IDENTITY-HEADER': server.secret})).status, 200);
	t.is((await get(url('api-version=2019-08-01&resource=r'), {'X-IDENTITY-HEADER': server.secret}, 'POST')).status, 405);
	t.is(asked.length, 3);
});

test('no secret, a wrong one, or one of another length: 401 before any token is asked for', async t => {
	let asked = 0;
	const server = await endpoint(async () => {
		asked++;
		return token('at');
	});
	t.teardown(async () => server.close());
	const query = '?api-version=2019-08-01&resource=r';
	const imdsPath = new URL(server.imdsUrl).pathname;
	const root = `http://127.0.0.1:${server.port}`;
	for (const [url, headers] of [
		[`${server.appServiceUrl}${query}`, {}],
		[`${server.appServiceUrl}${query}`, {'X-IDENTITY-HEADER': 'x'.repeat(server.secret.length)}],
		[`${server.appServiceUrl}${query}`, {'X-IDENTITY-HEADER': server.secret.slice(1)}],
		[`${root}/metadata/identity/oauth2/token${query}`, {Metadata: 'true'}],
		[`${root}${imdsPath.replace(server.secret, server.secret.slice(0, -1) + (server.secret.endsWith('A') ? 'B' : 'A'))}${query}`, {Metadata: 'true'}],
		[`${root}/${server.secret}/other${query}`, {Metadata: 'true'}],
		// The secret belongs in the header for App Service: in the path it does not count.
		[`${root}/${server.secret}/msi/token${query}`, {'X-IDENTITY-HEADER': 'x'}],
	] as const) {
		const refused = await get(url, headers);
		t.is(refused.status, 401, url);
		t.is(refused.body['access_token'], undefined);
	}

	t.is(asked, 0);
});

test('IMDS: Metadata: true and an api-version are required; numbers are strings', async t => {
	const clock = new FakeClock();
	clock.advance(1_700_000_100_000);
	const server = await endpoint(async () => token('at-2'), clock);
	t.teardown(async () => server.close());
	const query = '?api-version=2018-02-01&resource=https%3A%2F%2Fmanagement.azure.com%2F';
	const ok = await get(`${server.imdsUrl}${query}`, {Metadata: 'true'});
	t.is(ok.status, 200);
	t.deepEqual(ok.body, {
		access_token: 'at-2',
		refresh_token: '',
		expires_in: '3500',
		expires_on: '1700003600',
		not_before: '1700000000',
		resource: 'https://management.azure.com/',
		token_type: 'Bearer',
	});
	const noHeader = await get(`${server.imdsUrl}${query}`);
	t.is(noHeader.status, 400);
	t.regex(noHeader.body['error_description']!, /metadata header/i);
	t.is((await get(`${server.imdsUrl}?resource=r`, {Metadata: 'true'})).status, 400);
});

test('a failed token request is a JSON error with the token source\'s status', async t => {
	const server = await endpoint(async () => {
		throw new MsidError('sign-in-required', 'work needs a new sign-in: run msid login work.');
	});
	t.teardown(async () => server.close());
	const failed = await get(`${server.appServiceUrl}?api-version=2019-08-01&resource=r`, {'X-IDENTITY-HEADER': server.secret});
	t.is(failed.status, 400);
	t.deepEqual(failed.body, {error: 'invalid_grant', error_description: 'work needs a new sign-in: run msid login work.'});
});

test('close aborts a request in flight and the port then refuses connections', async t => {
	let aborted: AbortSignal | undefined;
	let started!: () => void;
	const waiting = new Promise<void>(resolve => {
		started = resolve;
	});
	const server = await endpoint(async (_target, signal) => {
		aborted = signal;
		started();
		return new Promise((_resolve, reject) => {
			signal.addEventListener('abort', () => {
				reject(new Error('aborted'));
			});
		});
	});
	const pending = fetch(`${server.appServiceUrl}?api-version=2019-08-01&resource=r`, {headers: {'X-IDENTITY-HEADER': server.secret}}).then(() => 'answered', () => 'dropped');
	await waiting;
	await server.close();
	await server.close();
	t.true(aborted?.aborted);
	t.is(await pending, 'dropped');
	t.is(await tryConnect(server.port), 'ECONNREFUSED');
});

test('it listens on 127.0.0.1 only: another address of this machine is refused', async t => {
	const other = Object.values(networkInterfaces()).flat().find(address => address && address.family === 'IPv4' && !address.internal);
	const server = await endpoint(async () => token('at'));
	t.teardown(async () => server.close());
	t.is(new URL(server.appServiceUrl).hostname, '127.0.0.1');
	if (!other) {
		t.log('this machine has no non-loopback IPv4 address; only the bound host was checked');
		t.is(new URL(server.imdsUrl).hostname, '127.0.0.1');
		return;
	}

	t.is(await tryConnect(server.port, other.address), 'ECONNREFUSED');
});
