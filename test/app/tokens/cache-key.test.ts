import test from 'ava';
import type {AccountRecord, TokenRecord} from '../../../source/model/account.js';
import {storedCacheKey, tokenCacheKey} from '../../../source/app/tokens/cache-key.js';
import {planToken} from '../../../source/app/tokens/token-plan.js';

function record(scopes: string[], cacheTenant?: string): TokenRecord {
	return {scopes, grantedScopes: scopes, expiresAt: 2, obtainedAt: 1, tokenType: 'Bearer', ...(cacheTenant === undefined ? {} : {cacheTenant})};
}

test('a stored token is found by its tenant and scope set, whatever the order, case or repeats', t => {
	const tokens = {k1: record(['User.Read', 'openid'], 'contoso.onmicrosoft.com'), k2: record(['Mail.Read'], '')};
	t.is(storedCacheKey(tokens, 'contoso.onmicrosoft.com', ['OPENID', 'user.read', 'openid']), 'k1');
	t.is(storedCacheKey(tokens, undefined, ['mail.read']), 'k2');
});

test('no stored key for another tenant, other scopes, or records that do not say what they were asked for', t => {
	const tokens = {k1: record(['User.Read'], 'contoso.onmicrosoft.com'), old: record(['Mail.Read'])};
	t.is(storedCacheKey(tokens, 'fabrikam.onmicrosoft.com', ['User.Read']), undefined);
	t.is(storedCacheKey(tokens, 'contoso.onmicrosoft.com', ['User.Read', 'Mail.Read']), undefined);
	t.is(storedCacheKey(tokens, undefined, ['Mail.Read']), undefined);
});

test('the plan finds the same key with or without hashing', t => {
	const tenant = 'c0a7e1d5-2f4b-4b8e-9d3a-1f6e5c4b3a21';
	const hashed = tokenCacheKey(tenant, ['User.Read']);
	const account = {
		provider: {kind: 'entra', clientId: 'c'},
		scopes: ['User.Read'],
		activeTenantId: tenant,
		tokens: {},
	} as unknown as AccountRecord;
	t.is(planToken(account, {}).cacheKey, hashed);
	account.tokens[hashed] = record(['user.read'], tenant);
	t.is(planToken(account, {}).cacheKey, hashed);
});
