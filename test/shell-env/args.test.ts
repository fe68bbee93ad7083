import {parseArgs} from 'node:util';
import test from 'ava';
import {UsageError} from '../../source/model/errors.js';
import {envOptions, parseEnvArgs, parseUsual} from '../../source/shell-env/args.js';

test('no arguments: the default account\'s token for the detected shell', t => {
	t.deepEqual(parseEnvArgs([]), {kind: 'export', scopes: []});
});

test('account, scopes in every form, var and shell', t => {
	t.deepEqual(parseEnvArgs(['work', '--scope', 'User.Read', '--scope=Mail.Read Files.Read', '--var', 'GRAPH_TOKEN', '--shell=fish']), {
		kind: 'export',
		account: 'work',
		scopes: ['User.Read', 'Mail.Read', 'Files.Read'],
		varName: 'GRAPH_TOKEN',
		shell: 'fish',
	});
	t.deepEqual(parseEnvArgs(['--resource', 'https://management.azure.com', '--shell', 'powershell']), {
		kind: 'export',
		scopes: [],
		resource: 'https://management.azure.com',
		shell: 'pwsh',
	});
});

test('--unset, --hook and --help', t => {
	t.deepEqual(parseEnvArgs(['--unset']), {kind: 'unset'});
	t.deepEqual(parseEnvArgs(['--unset', '--var', 'GRAPH_TOKEN', '--shell', 'zsh']), {kind: 'unset', varName: 'GRAPH_TOKEN', shell: 'zsh'});
	t.deepEqual(parseEnvArgs(['--hook', 'bash']), {kind: 'hook', shell: 'bash'});
	t.deepEqual(parseEnvArgs(['--hook=powershell']), {kind: 'hook', shell: 'pwsh'});
	t.deepEqual(parseEnvArgs(['--help']), {kind: 'help'});
	t.throws(() => parseEnvArgs(['-h', '--bogus']), {instanceOf: UsageError}, 'unknown options are refused even with --help');
});

const refused: Array<[string[], RegExp]> = [
	[['--bogus'], /^Unknown option '--bogus'\.$/],
	[['--scope'], /argument missing/],
	[['a', 'b'], /at most one account/],
	[['--scope', 'x', '--resource', 'y'], /--scope or --resource, not both/],
	[['--scope', ' '], /--scope is empty/],
	[['--resource='], /--resource is empty/],
	[['--shell', 'tcsh'], /not a shell msid-env knows/],
	[['--hook', 'sh'], /no prompt hook for "sh"/],
	[['--hook', 'bash', '--shell', 'bash'], /takes no other arguments/],
	[['--hook', 'bash', 'work'], /takes no other arguments/],
	[['--unset', 'work'], /--unset takes only --var and --shell/],
	[['--var', 'LD_PRELOAD'], /cannot hold the token: a token goes only into a name .* that ends in TOKEN or _PAT/],
	[['--var', 'a-b'], /not a plain variable name/],
	[[''], /account name is empty/],
];

for (const [argv, message] of refused) {
	test(`bad usage is a UsageError (exit 2): ${JSON.stringify(argv)}`, t => {
		const error = t.throws(() => parseEnvArgs(argv), {instanceOf: UsageError, message});
		t.is(error?.exitCode, 2);
		t.false(error?.message.includes('\n'));
	});
}

test('--cached asks for the cached token only; --unset takes no --cached', t => {
	t.deepEqual(parseEnvArgs(['--cached', '--shell', 'bash']), {kind: 'export', scopes: [], shell: 'bash', cached: true});
	t.throws(() => parseEnvArgs(['--unset', '--cached']), {instanceOf: UsageError});
});

test('the usual command lines parse as parseArgs parses them; every other line is left to parseArgs', t => {
	const words = ['--shell', 'bash', '--cached', '--scope', 'User.Read', 'a b', 'alice', '', '-h', '--help', '--hook', '--unset', '--var', '--resource', '-', '--', '--shell=bash', '-x', '--nope', '--constructor', '--__proto__', '-hx'];
	const lines: string[][] = [[]];
	for (let length = 1; length <= 3; length++) {
		for (const line of lines.filter(line => line.length === length - 1)) {
			lines.push(...words.map(word => [...line, word]));
		}
	}

	const plain = (parsed: object) => JSON.parse(JSON.stringify(parsed)) as unknown;
	const differences: string[] = [];
	let usual = 0;
	for (const line of lines) {
		const quick = parseUsual(line);
		if (quick === undefined) {
			continue;
		}

		usual++;
		let expected: unknown;
		try {
			expected = plain(parseArgs({args: line, options: envOptions, allowPositionals: true, strict: true}));
		} catch (error) {
			expected = String(error);
		}

		if (JSON.stringify(plain(quick)) !== JSON.stringify(expected)) {
			differences.push(`${JSON.stringify(line)}: ${JSON.stringify(plain(quick))} but parseArgs: ${JSON.stringify(expected)}`);
		}
	}

	t.deepEqual(differences, []);
	t.true(usual > 1000, `only ${usual} lines took the quick way`);
	t.deepEqual(plain(parseUsual(['--shell', 'bash', '--cached'])!), {values: {shell: 'bash', cached: true}, positionals: []});
	for (const line of [['--shell=bash'], ['--shell', '--cached'], ['--'], ['-x'], ['--nope'], ['--constructor'], ['--scope']]) {
		t.is(parseUsual(line), undefined, line.join(' '));
	}
});
