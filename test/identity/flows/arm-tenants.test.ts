/**
 * Listing an account's tenants from Resource Manager: the emulator's /tenants, and a small
 * paging server for nextLink.
 */
import {createServer, type Server} from 'node:http';
import type {AddressInfo} from 'node:net';
import test from 'ava';
import {ALICE, BOB, CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID, startEmulator, type Emulator} from '../../../source/emulator/index.js';
import {MsidError} from '../../../source/model/errors.js';
import {armApiVersion, isDelegation, listTenants} from '../../../source/identity/arm-tenants.js';
import {readEntraFixture} from '../../helpers/entra-fixtures.js';
import {serving} from '../../helpers/recorded-document.js';
import {passwordTokens} from '../../../source/identity/password.js';
import {entraSession} from './sessions.js';

let emulator: Emulator;
test.before(async () => {
	emulator = await startEmulator();
});
test.after.always(async () => emulator?.close());

async function armToken(user: {username: string; password: string}): Promise<string> {
	const tokens = await passwordTokens(await entraSession(emulator.url), {username: user.username, password: user.password, scopes: ['https://management.azure.com/.default']});
	return tokens.accessToken;
}

test('emulator: alice is in Contoso and, as a guest, Fabrikam; bob only in Contoso', async t => {
	const tenants = await listTenants(fetch, emulator.url, await armToken(ALICE));
	t.deepEqual(tenants.map(tenant => tenant.tenantId).sort(), [CONTOSO_TENANT_ID, FABRIKAM_TENANT_ID].sort());
	const contoso = tenants.find(tenant => tenant.tenantId === CONTOSO_TENANT_ID);
	t.deepEqual(contoso, {tenantId: CONTOSO_TENANT_ID, displayName: contoso?.displayName ?? '', defaultDomain: 'contoso.onmicrosoft.com', tenantCategory: 'Home'});
	t.truthy(contoso?.displayName);
	t.deepEqual((await listTenants(fetch, `${emulator.url}/`, await armToken(BOB))).map(tenant => tenant.tenantId), [CONTOSO_TENANT_ID]);
});

test('emulator: a token that is not for ARM is refused in one line that does not carry it', async t => {
	const graph = await passwordTokens(await entraSession(emulator.url), {username: BOB.username, password: BOB.password, scopes: ['User.Read']});
	const error = await t.throwsAsync(listTenants(fetch, emulator.url, graph.accessToken), {instanceOf: MsidError});
	t.is(error.code, 'sign-in-required');
	t.regex(error.message, /InvalidAuthenticationToken/);
	t.false(error.message.includes('\n'));
	t.false(`${error.message}${error.hint ?? ''}`.includes(graph.accessToken));
});

async function pagingServer(pages: (base: string) => Record<string, Record<string, unknown>>): Promise<{url: string; server: Server; authorizations: string[]}> {
	const authorizations: string[] = [];
	const server = createServer((request, response) => {
		authorizations.push(request.headers.authorization ?? '');
		const body = pages(`http://127.0.0.1:${(server.address() as AddressInfo).port}`)[new URL(request.url ?? '/', 'http://x').pathname];
		response.writeHead(body ? 200 : 404, {'content-type': 'application/json'});
		response.end(JSON.stringify(body ?? {error: {code: 'NotFound', message: 'no'}}));
	});
	await new Promise<void>(resolve => server.listen(0, '127.0.0.1', resolve));
	return {url: `http://127.0.0.1:${(server.address() as AddressInfo).port}`, server, authorizations};
}

test('nextLink is followed on the same host', async t => {
	const {url, server, authorizations} = await pagingServer(base => ({
		'/tenants': {value: [{tenantId: 't1', displayName: 'One'}], nextLink: `${base}/tenants/page2?api-version=2022-12-01&$skiptoken=x`},
		'/tenants/page2': {value: [{tenantId: 't2', tenantCategory: 'ProjectedBy'}, {displayName: 'no id, skipped'}]},
	}));
	try {
		t.deepEqual(await listTenants(fetch, url, 'token-1'), [{tenantId: 't1', displayName: 'One'}, {tenantId: 't2', tenantCategory: 'ProjectedBy'}]);
		t.deepEqual(authorizations, ['Bearer token-1', 'Bearer token-1']);
	} finally {
		server.close();
	}
});

test('a nextLink to another host or a loop is refused; the token never leaves the ARM host', async t => {
	const {url, server, authorizations} = await pagingServer(base => ({
		'/tenants': {value: [], nextLink: base.replace('127.0.0.1', 'elsewhere.example')},
	}));
	try {
		const elsewhere = await t.throwsAsync(listTenants(fetch, url, 'token-1'), {instanceOf: MsidError});
		t.regex(elsewhere.message, /elsewhere\.example/);
		t.is(authorizations.length, 1);
		const insecure = await t.throwsAsync(listTenants(fetch, 'http://management.example', 'token-1'), {instanceOf: MsidError});
		t.is(insecure.code, 'insecure-url');
	} finally {
		server.close();
	}

	const looping = await pagingServer(base => ({'/tenants': {value: [{tenantId: 't1'}], nextLink: `${base}/tenants?api-version=2022-12-01`}}));
	try {
		const loop = await t.throwsAsync(listTenants(fetch, looping.url, 'token-1'), {instanceOf: MsidError});
		t.regex(loop.message, /loops/);
		t.is(looping.authorizations.length, 1);
	} finally {
		looping.server.close();
	}
});

test('an unreachable endpoint is a one-line network error', async t => {
	const {url, server} = await pagingServer(() => ({}));
	await new Promise(resolve => server.close(resolve));
	const error = await t.throwsAsync(listTenants(fetch, url, 'token-1'), {instanceOf: MsidError});
	t.is(error.code, 'network');
	t.false(error.message.includes('\n'));
});

test('the recorded answer: Lighthouse delegations (ManagedBy, ProjectedBy) are listed as such and are not tenants to sign in to', async t => {
	const recorded = await readEntraFixture('arm-tenants.json');
	const {nextLink: _placeholder, ...body} = recorded.body!;
	const tenants = await listTenants(serving(`https://management.azure.com/tenants?api-version=${armApiVersion}`, body), 'https://management.azure.com', 'token-1');
	t.deepEqual(tenants.map(tenant => [tenant.displayName, tenant.tenantCategory]), [['Test_Test_aad50', 'ManagedBy'], ['Contoso Corp.', 'Home'], ['TEST_TEST_RDV', 'ProjectedBy']]);
	t.deepEqual(tenants.filter(tenant => !isDelegation(tenant)).map(tenant => tenant.tenantId), ['83abe5cd-bcc3-441a-bd86-e6a75360cecc']);
});
