import test from 'ava';
import type {DirSelection} from '../../source/shell-env/dir-config.js';
import {chooseSelection, envUpdate, renderEnvUpdate, unsetUpdate} from '../../source/shell-env/plan.js';

const expiresAt = 1_800_000_000_999;
const record = {scopes: [], grantedScopes: [], expiresAt, obtainedAt: expiresAt - 3_600_000, tokenType: 'Bearer'};
const token = {accessToken: 'tok', expiresAt, accountName: 'me@contoso', tenantId: 'tid', record};
const allowed: DirSelection = {kind: 'allowed', path: '/repo/.msid.json', config: {account: 'work', scopes: ['User.Read'], var: 'GRAPH_TOKEN'}};

test('the directory chooses when the command line names no token', t => {
	t.deepEqual(chooseSelection({kind: 'export', scopes: []}, allowed), {
		account: 'work',
		scopes: ['User.Read'],
		varName: 'GRAPH_TOKEN',
		dirConfigPath: '/repo/.msid.json',
	});
	t.deepEqual(chooseSelection({kind: 'export', scopes: [], varName: 'MY_TOKEN'}, allowed).varName, 'MY_TOKEN');
});

test('an explicit account or scope beats the directory; unallowed files choose nothing', t => {
	t.deepEqual(chooseSelection({kind: 'export', account: 'home', scopes: []}, allowed), {account: 'home', scopes: [], varName: 'MSID_ACCESS_TOKEN'});
	t.deepEqual(chooseSelection({kind: 'export', scopes: []}, {kind: 'unallowed', path: '/r/.msid.json', notice: 'n'}), {
		scopes: [],
		varName: 'MSID_ACCESS_TOKEN',
	});
});

test('the update sets the contract variables and removes what no longer applies', t => {
	const update = envUpdate(token, {scopes: [], varName: 'MSID_ACCESS_TOKEN'}, {});
	t.deepEqual(update, {
		unset: ['MSID_DIR_CONFIG', 'MSID_TOKEN_VAR'],
		set: [
			['MSID_ACCESS_TOKEN', 'tok'],
			['MSID_TOKEN_EXPIRES_ON', '1800000000'],
			['MSID_TOKEN_REFRESH_AT', '1799999700'],
			['MSID_ACCOUNT', 'me@contoso'],
			['MSID_TENANT_ID', 'tid'],
		],
	});
	t.deepEqual(envUpdate({...token, tenantId: undefined}, {scopes: [], varName: 'MSID_ACCESS_TOKEN'}, {}).unset, ['MSID_TENANT_ID', 'MSID_DIR_CONFIG', 'MSID_TOKEN_VAR']);
});

test('moving the token to another variable removes the old one, and back again', t => {
	const into = envUpdate(token, {scopes: [], varName: 'GRAPH_TOKEN', dirConfigPath: '/repo/.msid.json'}, {});
	t.deepEqual(into.unset, ['MSID_ACCESS_TOKEN']);
	t.deepEqual(into.set.slice(-2), [['MSID_DIR_CONFIG', '/repo/.msid.json'], ['MSID_TOKEN_VAR', 'GRAPH_TOKEN']]);
	const back = envUpdate(token, {scopes: [], varName: 'MSID_ACCESS_TOKEN'}, {MSID_TOKEN_VAR: 'GRAPH_TOKEN'});
	t.deepEqual(back.unset, ['GRAPH_TOKEN', 'MSID_DIR_CONFIG', 'MSID_TOKEN_VAR']);
});

test('a planted MSID_TOKEN_VAR never makes msid-env remove a variable that matters', t => {
	const update = envUpdate(token, {scopes: [], varName: 'GRAPH_TOKEN'}, {MSID_TOKEN_VAR: 'PATH'});
	t.false(update.unset.includes('PATH'));
	t.false(unsetUpdate(undefined, {MSID_TOKEN_VAR: 'LD_PRELOAD'}).unset.includes('LD_PRELOAD'));
});

test('--unset removes everything msid-env sets', t => {
	t.is(
		renderEnvUpdate('bash', unsetUpdate(undefined, {MSID_TOKEN_VAR: 'GRAPH_TOKEN'})),
		['GRAPH_TOKEN', 'MSID_TOKEN_EXPIRES_ON', 'MSID_TOKEN_REFRESH_AT', 'MSID_ACCOUNT', 'MSID_TENANT_ID', 'MSID_DIR_CONFIG', 'MSID_TOKEN_VAR'].map(name => `unset ${name}\n`).join(''),
	);
	t.deepEqual(unsetUpdate('X_TOKEN', {}).unset.slice(0, 2), ['X_TOKEN', 'MSID_ACCESS_TOKEN']);
});

test('the hooks are told when to renew: the moment of the refresh rule, in whole seconds', t => {
	const refreshAt = (lifetimeMs: number) => new Map(envUpdate({...token, record: {...record, obtainedAt: expiresAt - lifetimeMs}}, {scopes: [], varName: 'MSID_ACCESS_TOKEN'}, {}).set).get('MSID_TOKEN_REFRESH_AT');
	t.is(refreshAt(3_600_000), '1799999700', 'an hour-long token: 5 minutes before expiry');
	t.is(refreshAt(300_000), '1799999850', 'a 5-minute token: half its lifetime before expiry');
});
