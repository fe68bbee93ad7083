import test from 'ava';
import {auditScopes, auditToJson, formatAuditText, scopeKey} from '../../source/identity/scope-audit.js';

test('resource prefixes and case do not make a scope different', t => {
	t.is(scopeKey('https://graph.microsoft.com/User.Read'), 'user.read');
	t.is(scopeKey('api://8f1c.../access_as_user'), 'access_as_user');
	t.is(scopeKey('00000003-0000-0000-c000-000000000000/Mail.Read'), 'mail.read');
	t.is(scopeKey('read:things'), 'read:things');
});

test('requested, granted, missing and extra for a delegated Graph token', t => {
	const audit = auditScopes({
		requested: ['openid', 'profile', 'offline_access', 'https://graph.microsoft.com/User.Read', 'Calendars.Read'],
		granted: ['openid', 'profile', 'email', 'User.Read', 'Mail.Read'],
		claims: {scp: 'User.Read Mail.Read'},
	});
	t.deepEqual(audit.missing, ['Calendars.Read']);
	t.deepEqual(audit.extra, ['Mail.Read']);
	t.deepEqual(audit.granted, ['openid', 'profile', 'email', 'User.Read', 'Mail.Read']);
	t.deepEqual(audit.risky, []);
	t.deepEqual(audit.offlineAccess, {requested: true, present: true});
});

test('OIDC scopes never count as missing even though scp lacks them', t => {
	const audit = auditScopes({requested: ['openid', 'profile', 'email', 'offline_access', 'User.Read'], granted: [], claims: {scp: 'User.Read'}});
	t.deepEqual(audit.missing, []);
	t.true(audit.grantedKnown);
});

test('write, tenant-wide and directory scopes are risky, with a reason each', t => {
	const audit = auditScopes({
		requested: ['User.Read', 'Mail.ReadWrite', 'Files.Read.All', 'Directory.ReadWrite.All', 'RoleManagement.ReadWrite.Directory', 'Mail.Send'],
		granted: ['User.Read', 'Mail.ReadWrite', 'Files.Read.All', 'Directory.ReadWrite.All', 'RoleManagement.ReadWrite.Directory', 'Mail.Send'],
	});
	const reasons = Object.fromEntries(audit.risky.map(entry => [entry.scope, entry.reason]));
	t.deepEqual(Object.keys(reasons), ['Mail.ReadWrite', 'Files.Read.All', 'Directory.ReadWrite.All', 'RoleManagement.ReadWrite.Directory', 'Mail.Send']);
	t.regex(reasons['RoleManagement.ReadWrite.Directory']!, /Global Administrator/);
	t.regex(reasons['Files.Read.All']!, /across the tenant/);
	t.regex(reasons['Mail.ReadWrite']!, /change or delete/);
	t.false('User.Read' in reasons);
});

test('an app token with .default flags .default and every application permission', t => {
	const audit = auditScopes({
		requested: ['https://graph.microsoft.com/.default'],
		granted: [],
		claims: {roles: ['User.Read.All', 'Reports.Read']},
	});
	t.true(audit.usesDefault);
	t.deepEqual(audit.missing, []);
	t.deepEqual(audit.extra, []);
	t.deepEqual(audit.applicationPermissions, ['User.Read.All', 'Reports.Read']);
	t.deepEqual(audit.risky.map(entry => [entry.scope, entry.kind]), [
		['https://graph.microsoft.com/.default', 'application'],
		['User.Read.All', 'application'],
		['Reports.Read', 'application'],
	]);
	t.regex(audit.risky[2]!.reason, /no signed-in user/);
});

test('offline_access: absent, and requested without a refresh token, are both explained', t => {
	const without = auditScopes({requested: ['User.Read'], granted: ['User.Read']});
	t.false(without.offlineAccess.present);
	t.true(without.notes.some(note => note.includes('cannot refresh')));
	const noRefresh = auditScopes({requested: ['offline_access', 'User.Read'], granted: ['User.Read'], hasRefreshToken: false});
	t.deepEqual(noRefresh.offlineAccess, {requested: true, present: false});
	t.true(noRefresh.notes.some(note => note.includes('no refresh token')));
});

test('unknown grants leave missing and extra empty and judge the request instead', t => {
	const audit = auditScopes({requested: ['write:things', 'read:things'], granted: []});
	t.false(audit.grantedKnown);
	t.deepEqual(audit.missing, []);
	t.deepEqual(audit.risky.map(entry => entry.scope), ['write:things']);
	t.is(auditToJson(audit).granted, null);
});

test('plain text and JSON renderings carry the same audit', t => {
	const audit = auditScopes({requested: ['User.Read', 'Calendars.Read'], granted: ['User.Read', 'Mail.Send']});
	const text = formatAuditText(audit);
	t.regex(text, /^Missing +Calendars\.Read$/m);
	t.regex(text, /^Extra +Mail\.Send$/m);
	t.regex(text, /^ {2}Mail\.Send +Can send mail as the user$/m);
	t.regex(text, /^offline_access +no$/m);
	const json = auditToJson(audit);
	t.deepEqual(json.missing, ['Calendars.Read']);
	t.deepEqual(JSON.parse(JSON.stringify(json)), json);
});
