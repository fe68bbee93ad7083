import {mkdir, mkdtemp, readFile, rm, stat, symlink, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import {join} from 'node:path';
import anyTest, {type TestFn} from 'ava';
import {MsidError} from '../../source/model/errors.js';
import {allowedDirConfigs, findDirConfig, logicalCwd, parseDirConfig, resolveDirSelection} from '../../source/shell-env/dir-config.js';

const test = anyTest as TestFn<{root: string; configDir: string}>;

test.beforeEach(async t => {
	const root = await mkdtemp(join(tmpdir(), 'msid-dir-'));
	t.context = {root, configDir: join(root, 'config')};
});

test.afterEach.always(async t => {
	await rm(t.context.root, {recursive: true, force: true});
});

test('findDirConfig finds the nearest .msid.json walking up', async t => {
	const {root} = t.context;
	const deep = join(root, 'repo', 'a', 'b');
	await mkdir(deep, {recursive: true});
	t.is(findDirConfig(deep), undefined);
	await writeFile(join(root, 'repo', '.msid.json'), '{}');
	t.is(findDirConfig(deep), join(root, 'repo', '.msid.json'));
	await writeFile(join(root, 'repo', 'a', '.msid.json'), '{}');
	t.is(findDirConfig(deep), join(root, 'repo', 'a', '.msid.json'));
	t.is(findDirConfig(join(root, 'repo')), join(root, 'repo', '.msid.json'));
});

test('findDirConfig ignores a directory named .msid.json', async t => {
	await mkdir(join(t.context.root, 'x', '.msid.json'), {recursive: true});
	t.is(findDirConfig(join(t.context.root, 'x')), undefined);
});

test('logicalCwd keeps $PWD with its symlinks when it is the same directory', async t => {
	const {root} = t.context;
	await mkdir(join(root, 'real'));
	await symlink(join(root, 'real'), join(root, 'link'));
	t.is(logicalCwd({PWD: join(root, 'link')}, join(root, 'real')), join(root, 'link'));
	t.is(logicalCwd({PWD: root}, join(root, 'real')), join(root, 'real'), 'a stale $PWD is ignored');
	t.is(logicalCwd({}, join(root, 'real')), join(root, 'real'));
});

test('parseDirConfig reads account, scopes or resource, and var', t => {
	t.deepEqual(parseDirConfig('{"account": "work", "scopes": ["User.Read", "Mail.Read"], "var": "GRAPH_TOKEN"}'), {
		account: 'work',
		scopes: ['User.Read', 'Mail.Read'],
		var: 'GRAPH_TOKEN',
	});
	t.deepEqual(parseDirConfig('{"resource": "https://management.azure.com"}'), {resource: 'https://management.azure.com'});
	t.deepEqual(parseDirConfig('{}'), {});
});

const invalid: Array<[string, RegExp]> = [
	['not json', /not valid JSON/],
	['[]', /expected a JSON object/],
	['null', /expected a JSON object/],
	['{"acount": "typo"}', /unknown key "acount"/],
	['{"account": ""}', /"account" must be a non-empty string/],
	['{"account": 1}', /"account" must be a non-empty string/],
	['{"scopes": "User.Read"}', /"scopes" must be a non-empty list/],
	['{"scopes": []}', /"scopes" must be a non-empty list/],
	['{"scopes": ["a b"]}', /without spaces/],
	['{"scopes": ["a"], "resource": "r"}', /not both/],
	['{"var": "LD_PRELOAD"}', /"var": LD_PRELOAD cannot hold the token: a token goes only into a name .* that ends in TOKEN or _PAT/],
	['{"var": "PROMPT_COMMAND"}', /"var": PROMPT_COMMAND cannot hold the token/],
	['{"var": "A;touch x"}', /not a plain variable name/],
];

for (const [text, message] of invalid) {
	test(`parseDirConfig refuses ${text}`, t => {
		const error = t.throws(() => parseDirConfig(text, '/repo/.msid.json'), {instanceOf: MsidError, message});
		t.is(error?.code, 'dir-config-invalid');
		t.true(error?.message.startsWith('/repo/.msid.json: '));
	});
}

test('the allow store records a hash per file, and a changed file needs allowing again', async t => {
	const {root, configDir} = t.context;
	const file = join(root, '.msid.json');
	await writeFile(file, '{"account": "work"}');
	const store = allowedDirConfigs(configDir);
	const bytes = await readFile(file);
	t.is(store.check(file, bytes), 'unknown');
	t.false(store.isAllowed(file, bytes));

	store.allow(file);
	t.true(store.isAllowed(file, bytes));
	t.is((await stat(join(configDir, 'allowed.json'))).mode & 0o777, 0o600);

	await writeFile(file, '{"account": "evil"}');
	t.is(store.check(file, await readFile(file)), 'changed');
	t.true(allowedDirConfigs(configDir).isAllowed(file, bytes), 'the old bytes stay allowed');

	t.true(store.revoke(file));
	t.false(store.revoke(file));
	t.is(store.check(file, bytes), 'unknown');
});

test('an allowance made through a symlink is revoked through the real path, and the other way round', async t => {
	const {root, configDir} = t.context;
	await mkdir(join(root, 'real'));
	await symlink(join(root, 'real'), join(root, 'link'));
	const viaLink = join(root, 'link', '.msid.json');
	const viaReal = join(root, 'real', '.msid.json');
	await writeFile(viaReal, '{"account": "work"}');
	const bytes = await readFile(viaReal);
	const store = allowedDirConfigs(configDir, {caseInsensitive: () => false});
	store.allow(viaLink);
	t.true(store.isAllowed(viaReal, bytes), 'one file, one allowance');
	t.true(store.revoke(viaReal));
	t.is(store.check(viaLink, bytes), 'unknown', 'the allowance is gone for every spelling');
});

test('on a case-insensitive file system a differently-cased spelling is the same allowance', async t => {
	const {root, configDir} = t.context;
	await mkdir(join(root, 'Repo'));
	const file = join(root, 'Repo', '.msid.json');
	await writeFile(file, '{"account": "work"}');
	const bytes = await readFile(file);
	const insensitive = allowedDirConfigs(configDir, {caseInsensitive: () => true});
	insensitive.allow(file);
	// On such a file system these spellings name the same file; here they are passed as data.
	const otherSpelling = join(root.toUpperCase() === root ? root.toLowerCase() : root.toUpperCase(), 'REPO', '.MSID.JSON');
	t.true(insensitive.revoke(otherSpelling));
	t.is(insensitive.check(file, bytes), 'unknown');

	const sensitive = allowedDirConfigs(configDir, {caseInsensitive: () => false});
	sensitive.allow(file);
	t.false(sensitive.revoke(otherSpelling), 'where case matters, another spelling is another file');
	t.is(sensitive.check(file, bytes), 'allowed');
});

test('the case probe finds this file system case-sensitive (Linux)', async t => {
	const {root, configDir} = t.context;
	await mkdir(join(root, 'Repo'));
	await writeFile(join(root, 'Repo', '.msid.json'), '{}');
	await mkdir(join(root, 'rEPO'));
	await writeFile(join(root, 'rEPO', '.msid.json'), '{}');
	const store = allowedDirConfigs(configDir);
	store.allow(join(root, 'Repo', '.msid.json'));
	t.is(store.check(join(root, 'rEPO', '.msid.json'), Buffer.from('{}')), 'unknown');
});

test('a .msid.json saved with a UTF-8 byte order mark is read', t => {
	t.deepEqual(parseDirConfig('\uFEFF{"account": "work"}'), {account: 'work'});
});

test('a corrupt allow store allows nothing', async t => {
	const {root, configDir} = t.context;
	await mkdir(configDir);
	await writeFile(join(configDir, 'allowed.json'), '{oops');
	await writeFile(join(root, '.msid.json'), '{}');
	t.false(allowedDirConfigs(configDir).isAllowed(join(root, '.msid.json'), Buffer.from('{}')));
});

test('resolveDirSelection: none, unallowed with a one-line notice, allowed, changed', async t => {
	const {root, configDir} = t.context;
	const repo = join(root, 'repo');
	await mkdir(join(repo, 'src'), {recursive: true});
	t.deepEqual(resolveDirSelection(join(repo, 'src'), configDir), {kind: 'none'});

	const file = join(repo, '.msid.json');
	await writeFile(file, '{"account": "work", "var": "GRAPH_TOKEN"}');
	const unallowed = resolveDirSelection(join(repo, 'src'), configDir);
	t.is(unallowed.kind, 'unallowed');
	if (unallowed.kind === 'unallowed') {
		t.is(unallowed.path, file);
		t.regex(unallowed.notice, /^msid: .*\.msid\.json wants to choose this shell's token; if you trust it, run `msid allow` in .*repo\.$/);
		t.false(unallowed.notice.includes('\n'));
	}

	allowedDirConfigs(configDir).allow(file);
	t.deepEqual(resolveDirSelection(join(repo, 'src'), configDir), {kind: 'allowed', path: file, config: {account: 'work', var: 'GRAPH_TOKEN'}});

	await writeFile(file, '{"account": "work", "var": "NODE_OPTIONS"}');
	const changed = resolveDirSelection(repo, configDir);
	t.is(changed.kind, 'unallowed');
	t.regex(changed.kind === 'unallowed' ? changed.notice : '', /changed since it was allowed; .* again\.$/);

	allowedDirConfigs(configDir).allow(file);
	t.throws(() => resolveDirSelection(repo, configDir), {instanceOf: MsidError, message: /NODE_OPTIONS cannot hold the token/});
});

test('the notice keeps control characters of a cloned directory name off the terminal', async t => {
	const {root, configDir} = t.context;
	const hostile = join(root, 'x\u001B]0;pwned\u0007\ny');
	await mkdir(hostile);
	await writeFile(join(hostile, '.msid.json'), '{}');
	const selection = resolveDirSelection(hostile, configDir);
	const notice = selection.kind === 'unallowed' ? selection.notice : '';
	t.false(/[\u0000-\u001F]/.test(notice));
	t.true(notice.includes('\\u001b]0;pwned\\u0007\\u000ay'));
});
