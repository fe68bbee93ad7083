/**
 * Claims challenges: WWW-Authenticate parsing on real-shaped headers, merging with the cp1
 * capability, and the whole round trip against the emulator's Graph /me.
 */
import test from 'ava';
import {ALICE, startEmulator} from '../../../source/emulator/index.js';
import {MsidError} from '../../../source/model/errors.js';
import {authorizationCodeFlow} from '../../../source/identity/auth-code.js';
import {cp1Claims, mergeClaims, parseClaimsChallenge, parseWwwAuthenticate} from '../../../source/identity/claims-challenge.js';
import {passwordTokens} from '../../../source/identity/password.js';
import {approveAuthorization} from '../../helpers/emulator-approve.js';
import {entraSession} from './sessions.js';

// As Microsoft Graph sends it for a continuous access evaluation event.
const graphHeader = 'Bearer realm="", authorization_uri="https://login.microsoftonline.com/common/oauth2/authorize", client_id="00000003-0000-0000-c000-000000000000", error="insufficient_claims", claims="eyJhY2Nlc3NfdG9rZW4iOnsibmJmIjp7ImVzc2VudGlhbCI6dHJ1ZSwgInZhbHVlIjoiMTYwNDEwNjY1MSJ9fX0="';

test('Graph\'s CAE challenge: claims decoded, error and authorization_uri kept', t => {
	t.deepEqual(parseClaimsChallenge(graphHeader), {
		claims: '{"access_token":{"nbf":{"essential":true, "value":"1604106651"}}}',
		error: 'insufficient_claims',
		authorizationUri: 'https://login.microsoftonline.com/common/oauth2/authorize',
	});
});

test('several challenges in one header, quoted strings with escapes and commas, token68', t => {
	const header = `Basic realm="a \\"quoted\\" realm, with comma", Negotiate YWJj==, PoP nonce="n1",  bearer Error="insufficient_claims", claims="${Buffer.from('{"access_token":{"acrs":{"essential":true,"value":"c1"}}}').toString('base64')}"`;
	const challenges = parseWwwAuthenticate(header);
	t.deepEqual(challenges.map(challenge => challenge.scheme), ['Basic', 'Negotiate', 'PoP', 'bearer']);
	t.is(challenges[0]!.parameters['realm'], 'a "quoted" realm, with comma');
	t.is(challenges[1]!.token68, 'YWJj==');
	t.deepEqual(challenges[2]!.parameters, {nonce: 'n1'});
	t.is(challenges[3]!.parameters['error'], 'insufficient_claims');
	t.is(parseClaimsChallenge(header)?.claims, '{"access_token":{"acrs":{"essential":true,"value":"c1"}}}');
});

test('no claims challenge: undefined (other errors, no header, empty)', t => {
	t.is(parseClaimsChallenge('Bearer realm="", error="invalid_token", error_description="expired"'), undefined);
	t.is(parseClaimsChallenge('Basic realm="x"'), undefined);
	t.is(parseClaimsChallenge(''), undefined);
	t.is(parseClaimsChallenge(undefined), undefined);
	t.is(parseClaimsChallenge(null), undefined);
});

test('an unreadable claims challenge is an error, never "no challenge"', t => {
	for (const header of ['Bearer error="insufficient_claims"', 'Bearer error="insufficient_claims", claims="bm90IGpzb24="', 'Bearer error=insufficient_claims, claims="WzFd"']) {
		const error = t.throws(() => parseClaimsChallenge(header), {instanceOf: MsidError});
		t.is(error.code, 'bad-claims-challenge');
	}
});

test('claims given as raw JSON (not base64) are accepted too', t => {
	t.is(parseClaimsChallenge('Bearer error="insufficient_claims", claims="{\\"access_token\\":{}}"')?.claims, '{"access_token":{}}');
});

test('mergeClaims: deep merge of access_token members with the cp1 capability; lists united', t => {
	const challenge = '{"access_token":{"acrs":{"essential":true,"value":"c1"}},"id_token":{"auth_time":{"essential":true}}}';
	t.deepEqual(JSON.parse(mergeClaims(challenge, cp1Claims)!), {
		access_token: {acrs: {essential: true, value: 'c1'}, xms_cc: {values: ['cp1']}},
		id_token: {auth_time: {essential: true}},
	});
	t.deepEqual(JSON.parse(mergeClaims('{"access_token":{"xms_cc":{"values":["cp2","cp1"]}}}', cp1Claims)!), {access_token: {xms_cc: {values: ['cp2', 'cp1']}}});
	t.is(mergeClaims(undefined, cp1Claims), cp1Claims);
	t.is(mergeClaims(cp1Claims, undefined), cp1Claims);
	t.is(mergeClaims(undefined, undefined), undefined);
	t.throws(() => mergeClaims('[1]', cp1Claims), {instanceOf: MsidError});
	t.deepEqual(JSON.parse(cp1Claims), {access_token: {xms_cc: {values: ['cp1']}}});
});

test('emulator: Graph /me challenges, and a sign-in with the merged claims gets a token it accepts', async t => {
	const emulator = await startEmulator();
	try {
		const scopes = ['openid', 'profile', 'offline_access', 'User.Read'];
		const session = await entraSession(emulator.url);
		const first = await passwordTokens(session, {username: ALICE.username, password: ALICE.password, scopes});
		emulator.faults.requireClaims('c1');
		const me = async (token: string) => fetch(`${emulator.url}/v1.0/me`, {headers: {authorization: `Bearer ${token}`}});
		const refused = await me(first.accessToken);
		t.is(refused.status, 401);
		const challenge = parseClaimsChallenge(refused.headers.get('www-authenticate'));
		t.truthy(challenge);
		t.deepEqual(JSON.parse(challenge!.claims), {access_token: {acrs: {essential: true, value: 'c1'}}});

		const claims = mergeClaims(challenge!.claims, cp1Claims)!;
		const flow = authorizationCodeFlow(await entraSession(emulator.url), {scopes, claims, openBrowser: async () => false});
		let step = await flow.next();
		if (!step.done && step.value.type === 'browser') {
			t.is(new URL(step.value.url).searchParams.get('claims'), claims);
			await approveAuthorization({authorizeUrl: step.value.url, follow: true});
		}

		step = await flow.next();
		t.true(step.done);
		const tokens = step.done ? step.value : undefined;
		const accessClaims = JSON.parse(Buffer.from(tokens!.accessToken.split('.')[1]!, 'base64url').toString('utf8')) as Record<string, unknown>;
		t.deepEqual(accessClaims['acrs'], ['c1']);
		t.deepEqual(accessClaims['xms_cc'], ['cp1']);
		const accepted = await me(tokens!.accessToken);
		t.is(accepted.status, 200);
		t.is(((await accepted.json()) as {userPrincipalName: string}).userPrincipalName, ALICE.username);
	} finally {
		await emulator.close();
	}
});

// Recorded real answers: test/fixtures/entra/claims-challenge-*.json name their sources.
for (const name of ['graph', 'arm'] as const) {
	test(`the recorded ${name === 'graph' ? 'Graph' : 'Resource Manager'} challenge is recognised and its claims decoded`, async t => {
		const {readFile} = await import('node:fs/promises');
		const fixture = JSON.parse(await readFile(new URL(`../../fixtures/entra/claims-challenge-${name}.json`, import.meta.url), 'utf8')) as {wwwAuthenticate: string; claims: string; notAClaimsChallenge?: string};
		t.is(parseClaimsChallenge(fixture.wwwAuthenticate)?.claims, fixture.claims);
		if (fixture.notAClaimsChallenge) {
			t.is(parseClaimsChallenge(fixture.notAClaimsChallenge), undefined, 'an invalid_token without claims is an ordinary refusal');
		}
	});
}
