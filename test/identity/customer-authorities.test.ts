/**
 * Azure AD B2C user flows and Entra External ID tenants: the authority forms msid takes, and the
 * issuers it accepts from their discovery documents, against what real ones publish (a recorded
 * B2C document; the External ID issuer form as recorded in public reports). The documents are
 * served by a fetch that answers only their URL: the logic under test is ours.
 */
import test from 'ava';
import {readEntraFixture} from '../helpers/entra-fixtures.js';
import {serving} from '../helpers/recorded-document.js';
import {discover} from '../../source/identity/authorization-server.js';
import {resolveProvider} from '../../source/identity/providers.js';
import {MsidError, UsageError} from '../../source/model/errors.js';

const b2c = (await readEntraFixture('b2c-openid-configuration.json')) as unknown as {authority: string; document: Record<string, string>};
const ciam = (await readEntraFixture('ciam-issuer.json')) as unknown as {issuerForm: string};

const discoveryUrl = (authority: string) => `${authority}/.well-known/openid-configuration`;

test('the recorded B2C document is accepted: its issuer names the tenant id on the user flow\'s host', async t => {
	const provider = resolveProvider({issuer: b2c.authority, clientId: 'app'}, {});
	t.is(provider.kind, 'b2c', 'a b2clogin.com authority is B2C without --provider');
	// Recorded through the ?p= form of the same user flow; B2C answers the path form with the same issuer.
	const endpoints = await discover(provider, serving(discoveryUrl(b2c.authority), b2c.document));
	t.is(endpoints.issuer, b2c.document['issuer']!);
	t.is(endpoints.deviceAuthorization, undefined, 'B2C offers no device code');
});

const b2cRecordedTenant = '8719d819-a3ee-4a5a-a776-d1911eaaa5ed';
const b2cForeign = [
	['on another host', `https://evil.b2clogin.com/${b2cRecordedTenant}/v2.0/`],
	['on Entra\'s host', `https://login.microsoftonline.com/${b2cRecordedTenant}/v2.0`],
	['naming no tenant id', 'https://aarhuskommunetest.b2clogin.com/aarhuskommunetest.onmicrosoft.com/v2.0/'],
	['of another user flow', `https://aarhuskommunetest.b2clogin.com/tfp/${b2cRecordedTenant}/b2c_1_other/v2.0/`],
	['over http', `http://aarhuskommunetest.b2clogin.com/${b2cRecordedTenant}/v2.0/`],
] as const;

for (const [what, issuer] of b2cForeign) {
	test(`a B2C document whose issuer is ${what} is refused, without blaming the user`, async t => {
		const provider = resolveProvider({issuer: b2c.authority, clientId: 'app'}, {});
		const error = await t.throwsAsync(discover(provider, serving(discoveryUrl(b2c.authority), {...b2c.document, issuer})), {instanceOf: MsidError});
		t.is(error?.code, 'bad-response');
		t.regex(error?.message ?? '', /^aarhuskommunetest\.b2clogin\.com published the issuer .*, which is not one a B2C user flow publishes .* cannot be trusted: nothing was saved\.$/);
		t.is(error?.remedy, undefined, 'nothing the user set is wrong');
	});
}

test('a B2C user flow set to the tfp issuer form is accepted for that flow', async t => {
	const provider = resolveProvider({issuer: b2c.authority, clientId: 'app'}, {});
	const issuer = `https://aarhuskommunetest.b2clogin.com/tfp/${b2cRecordedTenant}/b2c_1a_naag_mkbtest2/v2.0/`;
	const endpoints = await discover(provider, serving(discoveryUrl(b2c.authority), {...b2c.document, issuer}));
	t.is(endpoints.issuer, issuer);
});

/** The recorded issuer form with one tenant id put in (an invented id, as the fixture says). */
const ciamTenant = '0f1e2d3c-4b5a-4968-8778-695a4b3c2d1e';
const ciamIssuer = ciam.issuerForm.replaceAll('TENANT_ID', ciamTenant);

/** The rest of the document follows the v2.0 endpoint layout: not recorded, built here. */
function ciamDocument(authorityHost: string, issuer: string): Record<string, string> {
	return {
		issuer,
		token_endpoint: `https://${authorityHost}/${ciamTenant}/oauth2/v2.0/token`,
		authorization_endpoint: `https://${authorityHost}/${ciamTenant}/oauth2/v2.0/authorize`,
		device_authorization_endpoint: `https://${authorityHost}/${ciamTenant}/oauth2/v2.0/devicecode`,
		jwks_uri: `https://${authorityHost}/${ciamTenant}/discovery/v2.0/keys`,
	};
}

for (const authority of ['https://contoso.ciamlogin.com/contoso.onmicrosoft.com/v2.0', `https://contoso.ciamlogin.com/${ciamTenant}/v2.0`]) {
	test(`External ID at ${authority}: the issuer https://{tenant id}.ciamlogin.com/{tenant id}/v2.0 is accepted, as is the tenant id on the authority's host`, async t => {
		const provider = resolveProvider({issuer: authority, clientId: 'app'}, {});
		t.is(provider.kind, 'ciam');
		const first = await discover(provider, serving(discoveryUrl(authority), ciamDocument('contoso.ciamlogin.com', ciamIssuer)));
		t.is(first.issuer, `https://${ciamTenant}.ciamlogin.com/${ciamTenant}/v2.0`);
		const onHost = `https://contoso.ciamlogin.com/${ciamTenant}/v2.0`;
		t.is((await discover(provider, serving(discoveryUrl(authority), ciamDocument('contoso.ciamlogin.com', onHost)))).issuer, onHost);
	});
}

const otherTenant = 'aaaaaaaa-bbbb-4ccc-8ddd-eeeeeeeeeeee';
const ciamForeign = [
	['on a tenant-id host of another tenant', `https://${otherTenant}.ciamlogin.com/${ciamTenant}/v2.0`],
	['on another tenant\'s name host', `https://fabrikam.ciamlogin.com/${ciamTenant}/v2.0`],
	['on Entra\'s host', `https://login.microsoftonline.com/${ciamTenant}/v2.0`],
	['naming no tenant id', 'https://contoso.ciamlogin.com/contoso.onmicrosoft.com/v2.0'],
] as const;

for (const [what, issuer] of ciamForeign) {
	test(`an External ID document whose issuer is ${what} is refused`, async t => {
		const authority = 'https://contoso.ciamlogin.com/contoso.onmicrosoft.com/v2.0';
		const provider = resolveProvider({issuer: authority, clientId: 'app'}, {});
		const error = await t.throwsAsync(discover(provider, serving(discoveryUrl(authority), ciamDocument('contoso.ciamlogin.com', issuer))), {instanceOf: MsidError});
		t.regex(error?.message ?? '', /which is not one an External ID tenant publishes/);
	});
}

test('an External ID authority that names its tenant by id accepts only that tenant\'s issuer', async t => {
	const authority = `https://contoso.ciamlogin.com/${otherTenant}/v2.0`;
	const provider = resolveProvider({issuer: authority, clientId: 'app'}, {});
	await t.throwsAsync(discover(provider, serving(discoveryUrl(authority), ciamDocument('contoso.ciamlogin.com', ciamIssuer))), {instanceOf: MsidError});
});

test('authority forms: MSAL\'s shorter forms are completed, anything else is a usage error before any request', t => {
	const issuerOf = (issuer: string, provider?: 'b2c' | 'ciam') => resolveProvider({issuer, clientId: 'app', ...(provider ? {provider} : {})}, {}).issuer;
	t.is(issuerOf('https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_susi'), 'https://contoso.b2clogin.com/contoso.onmicrosoft.com/B2C_1_susi/v2.0');
	t.is(issuerOf('contoso.b2clogin.com/tfp/contoso.onmicrosoft.com/B2C_1_susi/'), 'https://contoso.b2clogin.com/tfp/contoso.onmicrosoft.com/B2C_1_susi/v2.0');
	t.is(issuerOf('https://contoso.ciamlogin.com/'), 'https://contoso.ciamlogin.com/contoso.onmicrosoft.com/v2.0');
	t.is(issuerOf('https://login.contoso.com/contoso.onmicrosoft.com', 'ciam'), 'https://login.contoso.com/contoso.onmicrosoft.com/v2.0', 'a custom domain, named as External ID');
	for (const [issuer, pattern] of [
		['https://contoso.b2clogin.com/contoso.onmicrosoft.com/v2.0', /is not a B2C user flow's authority: give https:\/\/TENANT\.b2clogin\.com\/TENANT\.onmicrosoft\.com\/B2C_1_FLOW\/v2\.0/],
		['https://contoso.b2clogin.com/contoso.onmicrosoft.com/oauth2/v2.0/token', /is not a B2C user flow's authority/],
		['https://contoso.ciamlogin.com/a/b/v2.0', /is not an External ID tenant's authority/],
	] as const) {
		t.throws(() => issuerOf(issuer), {instanceOf: UsageError, message: pattern}, issuer);
	}

	t.throws(() => issuerOf('http://contoso.ciamlogin.com/contoso.onmicrosoft.com'), {instanceOf: MsidError, message: /use https/});

	t.is(resolveProvider({issuer: 'https://id.example.com', clientId: 'app'}, {}).kind, 'oidc');
	t.is(resolveProvider({provider: 'oidc', issuer: b2c.authority, clientId: 'app'}, {}).kind, 'oidc', 'a provider named wins');
});
