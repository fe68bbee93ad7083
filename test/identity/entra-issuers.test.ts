/**
 * Which issuers an Entra authority may publish, checked against recorded answers: MSAL's
 * instance-discovery metadata (which hosts are one cloud) and the China cloud's OpenID
 * configuration (endpoints on login.chinacloudapi.cn, issuer on login.partner.microsoftonline.cn).
 * The documents are served by a fetch that answers only their URL: the logic under test is ours.
 */
import test from 'ava';
import {readEntraFixture} from '../helpers/entra-fixtures.js';
import {serving} from '../helpers/recorded-document.js';
import {discover, entraTenantEndpoints} from '../../source/identity/authorization-server.js';
import {clouds} from '../../source/identity/clouds.js';
import {resolveProvider} from '../../source/identity/providers.js';
import {knownApis} from '../../source/identity/api-origins.js';
import {MsidError, UsageError} from '../../source/model/errors.js';

const instanceDiscovery = (await readEntraFixture('instance-discovery-metadata.json')) as unknown as {metadata: Array<{aliases: string[]}>};
const chinaDocument = ((await readEntraFixture('china-openid-configuration.json')) as unknown as {document: Record<string, string>}).document;

/** The recorded document as Entra serves it for `tenant`: the endpoints name the tenant asked for. */
function chinaAnswer(tenant: string, issuer = chinaDocument['issuer']!): Record<string, string> {
	const endpoints = Object.fromEntries(Object.entries(chinaDocument).map(([key, value]) => [key, key === 'issuer' ? issuer : value.replace('{tenantid}', tenant)]));
	return endpoints;
}

const chinaDiscoveryUrl = (tenant: string) => `https://login.chinacloudapi.cn/${tenant}/v2.0/.well-known/openid-configuration`;

test('each cloud\'s hosts are the aliases of MSAL\'s instance-discovery metadata', t => {
	for (const cloud of Object.values(clouds)) {
		const host = new URL(cloud.authorityHost).hostname;
		const entry = instanceDiscovery.metadata.find(candidate => candidate.aliases.includes(host));
		t.truthy(entry, host);
		t.deepEqual([...cloud.aliases].sort(), [...entry!.aliases].sort());
	}
});

test('the China cloud\'s recorded discovery document is accepted: issuer on login.partner.microsoftonline.cn', async t => {
	const provider = resolveProvider({cloud: 'china'}, {});
	t.is(provider.authorityHost, 'https://login.chinacloudapi.cn');
	const endpoints = await discover(provider, serving(chinaDiscoveryUrl('organizations'), chinaAnswer('organizations')));
	t.is(endpoints.issuer, 'https://login.partner.microsoftonline.cn/{tenantid}/v2.0');
	t.is(endpoints.token, 'https://login.chinacloudapi.cn/organizations/oauth2/v2.0/token');

	// After sign-in msid talks to the concrete tenant: endpoints on the sign-in host, the issuer
	// (what every refreshed ID token is checked against) on the issuer host discovery named.
	const tenant = '72f988bf-86f1-41af-91ab-2d7cd011db47';
	const tenantEndpoints = entraTenantEndpoints({...provider, endpoints}, tenant);
	t.is(tenantEndpoints.issuer, `https://login.partner.microsoftonline.cn/${tenant}/v2.0`);
	t.is(tenantEndpoints.token, `https://login.chinacloudapi.cn/${tenant}/oauth2/v2.0/token`);
});

test('a tenant of the China cloud: its concrete issuer on the partner host is accepted', async t => {
	const tenant = '72f988bf-86f1-41af-91ab-2d7cd011db47';
	const provider = resolveProvider({cloud: 'china', tenant}, {});
	const endpoints = await discover(provider, serving(chinaDiscoveryUrl(tenant), chinaAnswer(tenant, `https://login.partner.microsoftonline.cn/${tenant}/v2.0`)));
	t.is(endpoints.issuer, `https://login.partner.microsoftonline.cn/${tenant}/v2.0`);
});

const foreignIssuers = [
	['on another cloud\'s host', 'https://login.microsoftonline.us/{tenantid}/v2.0'],
	['on the global cloud\'s host', 'https://login.microsoftonline.com/{tenantid}/v2.0'],
	['on a host of nobody\'s', 'https://login.partner.microsoftonline.cn.example/{tenantid}/v2.0'],
	['plain http on an alias', 'http://login.partner.microsoftonline.cn/{tenantid}/v2.0'],
	['named for no tenant', 'https://login.partner.microsoftonline.cn/organizations/v2.0'],
	['a v1 issuer', 'https://login.partner.microsoftonline.cn/{tenantid}/'],
] as const;

for (const [what, issuer] of foreignIssuers) {
	test(`the China cloud refuses a discovery document whose issuer is ${what}`, async t => {
		const provider = resolveProvider({cloud: 'china'}, {});
		const error = await t.throwsAsync(discover(provider, serving(chinaDiscoveryUrl('organizations'), chinaAnswer('organizations', issuer))), {instanceOf: MsidError});
		t.is(error?.code, 'bad-response');
		t.regex(error?.message ?? '', /published an issuer that is not the china cloud's .* cannot be trusted: nothing was saved/);
	});
}

test('a tenant asked for by id must be the tenant the issuer names', async t => {
	const asked = '72f988bf-86f1-41af-91ab-2d7cd011db47';
	const other = 'c0a7e1d5-2f4b-4b8e-9d3a-1f6e5c4b3a21';
	const provider = resolveProvider({cloud: 'china', tenant: asked}, {});
	await t.throwsAsync(discover(provider, serving(chinaDiscoveryUrl(asked), chinaAnswer(asked, `https://login.partner.microsoftonline.cn/${other}/v2.0`))), {instanceOf: MsidError});
});

test('AZURE_AUTHORITY_HOST on a national cloud\'s host selects that cloud, with its Graph and Resource Manager', t => {
	for (const [host, cloud, graph] of [
		['https://login.chinacloudapi.cn', 'china', 'https://microsoftgraph.chinacloudapi.cn'],
		['https://login.partner.microsoftonline.cn/', 'china', 'https://microsoftgraph.chinacloudapi.cn'],
		['https://login.microsoftonline.us', 'usgov', 'https://graph.microsoft.us'],
		['https://login.microsoftonline.com', 'global', 'https://graph.microsoft.com'],
	] as const) {
		const provider = resolveProvider({}, {AZURE_AUTHORITY_HOST: host});
		t.is(provider.cloud, cloud, host);
		t.is(provider.authorityHost, new URL(host).origin);
		t.true(knownApis(provider).some(api => api.origins.includes(graph)), host);
	}

	// A host of no known cloud (the emulator, a test server) leaves the cloud as named.
	t.is(resolveProvider({cloud: 'china'}, {AZURE_AUTHORITY_HOST: 'http://127.0.0.1:8400'}).cloud, 'china');
	t.is(resolveProvider({}, {AZURE_AUTHORITY_HOST: 'http://127.0.0.1:8400'}).cloud, 'global');
});

test('AZURE_AUTHORITY_HOST of one cloud with another cloud named is a usage error', t => {
	const error = t.throws(() => resolveProvider({cloud: 'global'}, {AZURE_AUTHORITY_HOST: 'https://login.chinacloudapi.cn'}), {instanceOf: UsageError});
	t.regex(error?.message ?? '', /AZURE_AUTHORITY_HOST \(login\.chinacloudapi\.cn\) belongs to the china cloud, but the global cloud was asked for/);
});
