import test from 'ava';
import {
	claimRoles,
	claimScopes,
	decodeJwtPayload,
	formatDisplayedClaims,
	readDisplayedClaims,
} from '../../source/identity/jwt-claims.js';

function jwt(payload: unknown, header: unknown = {alg: 'RS256', typ: 'JWT'}): string {
	const part = (value: unknown) => Buffer.from(JSON.stringify(value)).toString('base64url');
	return `${part(header)}.${part(payload)}.c2lnbmF0dXJl`;
}

test('decodes the payload of a compact JWS without validating it', t => {
	t.deepEqual(decodeJwtPayload(jwt({aud: 'x', n: 1})), {aud: 'x', n: 1});
});

test('opaque, encrypted and malformed tokens decode to undefined', t => {
	t.is(decodeJwtPayload('opaque-reference-token'), undefined);
	t.is(decodeJwtPayload('a.b.c.d.e'), undefined);
	t.is(decodeJwtPayload('a.!!!.c'), undefined);
	t.is(decodeJwtPayload(`x.${Buffer.from('[1,2]').toString('base64url')}.y`), undefined);
	t.is(decodeJwtPayload(`x.${Buffer.from('not json').toString('base64url')}.y`), undefined);
	t.is(readDisplayedClaims('opaque'), undefined);
});

test('keeps only the displayed claims, in display order, never the signature', t => {
	const token = jwt({exp: 1_700_003_600, secret: 'nope', aud: 'https://graph.microsoft.com', scp: 'User.Read Mail.Read', iat: 1_700_000_000});
	const claims = readDisplayedClaims(token)!;
	t.deepEqual(Object.keys(claims).sort(), ['aud', 'exp', 'iat', 'scp']);
	const rows = formatDisplayedClaims(claims);
	t.deepEqual(rows.map(([name]) => name), ['aud', 'scp', 'iat', 'exp']);
	t.deepEqual(rows.find(([name]) => name === 'iat'), ['iat', '2023-11-14T22:13:20Z']);
	t.false(JSON.stringify(rows).includes('c2lnbmF0dXJl'));
});

test('scp and roles become lists; arrays and objects are shown readably', t => {
	const claims = readDisplayedClaims(jwt({scp: 'a b', roles: ['R.All', 3], amr: ['pwd', 'mfa'], xms_cc: ['cp1'], acrs: {x: 1}}))!;
	t.deepEqual(claimScopes(claims), ['a', 'b']);
	t.deepEqual(claimRoles(claims), ['R.All']);
	t.deepEqual(claimScopes(undefined), []);
	const rows = Object.fromEntries(formatDisplayedClaims(claims));
	t.is(rows['amr'], 'pwd mfa');
	t.is(rows['acrs'], '{"x":1}');
});
