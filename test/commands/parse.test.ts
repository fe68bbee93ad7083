/**
 * The parser made from each declaration: typed values, the checks it does for every command
 * (choices, argument count, unknown options with a suggestion), and that no command parses
 * argv on its own.
 */
import {readdir, readFile} from 'node:fs/promises';
import test from 'ava';
import {UsageError} from '../../source/model/errors.js';
import {parseCommand} from '../../source/commands/parse.js';
import {execSpec} from '../../source/commands/spec/exec.js';
import {loginSpec} from '../../source/commands/spec/login.js';
import {tokenSpec} from '../../source/commands/spec/token.js';
import {listSpec} from '../../source/commands/spec/list.js';
import {editDistance, suggest} from '../../source/commands/suggest.js';

function args<T>(result: {help: true} | {help: false; args: T}): T {
	if (result.help) {
		throw new Error('expected arguments, got a help request');
	}

	return result.args;
}

test('token: every option of its declaration is parsed, --force included', t => {
	const parsed = args(parseCommand(tokenSpec, ['work', '--scope', 'a b', '--scope', 'c', '--format', 'json', '--force', '--copy', '--tenant', 'T', '--claims', '{}', '--resource', 'R']));
	t.deepEqual(parsed.options, {scope: ['a b', 'c'], format: 'json', force: true, copy: true, tenant: 'T', claims: '{}', resource: 'R'});
	t.deepEqual(parsed.positionals, ['work']);
	t.deepEqual(parsed.rest, []);
});

test('a value outside the declared choices is a usage error naming them', t => {
	const error = t.throws(() => parseCommand(loginSpec, ['--flow', 'magic']), {instanceOf: UsageError});
	t.is(error?.message, '--flow must be one of device-code, browser, client-secret, certificate, environment, password (got "magic").');
	t.is(error?.exitCode, 2);
});

test('--help and -h win over missing arguments but not over unknown options', t => {
	t.deepEqual(parseCommand(tokenSpec, ['--help']), {help: true});
	t.deepEqual(parseCommand(tokenSpec, ['-h', '--format', 'bogus']), {help: true});
	t.throws(() => parseCommand(tokenSpec, ['-h', '--bogus']), {instanceOf: UsageError});
});

test('more arguments than declared are refused', t => {
	t.throws(() => parseCommand(listSpec, ['extra']), {instanceOf: UsageError, message: 'Unexpected argument "extra".'});
	t.throws(() => parseCommand(tokenSpec, ['one', 'two']), {instanceOf: UsageError, message: 'Unexpected argument "two".'});
});

test('an unknown option is one line that suggests the closest one', t => {
	const error = t.throws(() => parseCommand(tokenSpec, ['--fromat', 'json']), {instanceOf: UsageError});
	t.is(error?.message, 'Unknown option \'--fromat\' for msid token: did you mean --format?');
	t.is(error?.hint, undefined);
	const far = t.throws(() => parseCommand(tokenSpec, ['--zzzzzzzz']), {instanceOf: UsageError});
	t.is(far?.message, 'Unknown option \'--zzzzzzzz\' for msid token: msid token --help lists its options.');
	t.is(t.throws(() => parseCommand(loginSpec, ['--client-di=x']), {instanceOf: UsageError})?.message, 'Unknown option \'--client-di\' for msid login: did you mean --client-id?');
});

test('exec: words after -- are the command, even when they look like msid options', t => {
	const parsed = args(parseCommand(execSpec, ['work', '--var', 'T', '--', 'sh', '-c', 'echo --help', '--scope']));
	t.deepEqual(parsed.options, {var: 'T'});
	t.deepEqual(parsed.positionals, ['work']);
	t.deepEqual(parsed.rest, ['sh', '-c', 'echo --help', '--scope']);
	t.deepEqual(args(parseCommand(execSpec, [])).rest, []);
});

test('a command without rest treats -- as the end of options, as before', t => {
	t.deepEqual(args(parseCommand(tokenSpec, ['--', '-odd-name'])).positionals, ['-odd-name']);
});

test('suggestions: swaps, typos and unique prefixes; nothing far away', t => {
	const names = ['login', 'list', 'use', 'token', 'scopes', 'logout', 'exec', 'allow', 'request', 'doctor', 'demo', 'help'];
	t.is(suggest('tokne', names), 'token');
	t.is(suggest('lgin', names), 'login');
	t.is(suggest('doctro', names), 'doctor');
	t.is(suggest('req', names), 'request');
	t.is(suggest('usr', names), 'use');
	t.is(suggest('kubectl', names), undefined);
	t.is(suggest('x', names), undefined);
	t.is(editDistance('tokne', 'token'), 1);
	t.is(editDistance('abc', 'abc'), 0);
	t.is(editDistance('', 'abc'), 3);
});

test('no command parses argv itself: parsing lives in parse.ts, made from the declarations', async t => {
	const folder = new URL('../../source/commands/', import.meta.url);
	const files = (await readdir(folder)).filter(file => file.endsWith('.ts') && file !== 'parse.ts');
	for (const file of files) {
		const text = await readFile(new URL(file, folder), 'utf8');
		t.false(/\bparseArgs\b|process\.argv/.test(text.replace(/process\.argv\[1\]/g, '')), `${file} reads argv itself`);
	}
});
