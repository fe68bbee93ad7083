/**
 * Help made from the declarations: every option the parser accepts appears in its command's
 * help (so the two cannot drift), and the real msid prints help on stdout with exit 0.
 */
import test from 'ava';
import {commandHelp, globalHelp} from '../../source/commands/help-text.js';
import {parserOptions} from '../../source/commands/parse.js';
import {commandSpecs, publicSpecs} from '../../source/commands/spec/index.js';
import {runnables} from '../../source/commands/registry.js';
import {makeMsidEnv, runMsid} from '../helpers/cli.js';
import {cleanupTempDirs} from '../helpers/temp-dirs.js';

test.after.always(cleanupTempDirs);

test('every option the parser accepts is in its command\'s help, with its short form', t => {
	for (const spec of commandSpecs) {
		const help = commandHelp(spec);
		for (const [name, option] of Object.entries(parserOptions(spec))) {
			t.true(help.includes(`--${name}`), `msid ${spec.name} --help does not mention --${name}`);
			if (option.short) {
				t.true(help.includes(`-${option.short}, --${name}`), `msid ${spec.name} --help does not mention -${option.short}`);
			}
		}

		for (const argument of spec.arguments ?? []) {
			t.true(help.includes(argument.name), `msid ${spec.name} --help does not mention ${argument.name}`);
		}

		for (const choice of Object.values(spec.options).flatMap(option => option.choices ?? [])) {
			t.true(help.includes(choice), `msid ${spec.name} --help does not list the value ${choice}`);
		}
	}
});

test('token --help mentions --force, which it once parsed without saying', t => {
	t.regex(commandHelp(commandSpecs.find(spec => spec.name === 'token')!), /--force\s+refresh even when/);
});

test('every declared command has its work registered, and msid --help lists every public one', t => {
	t.deepEqual(runnables.map(entry => entry.spec), [...commandSpecs]);
	const help = globalHelp();
	for (const spec of publicSpecs) {
		t.regex(help, new RegExp(`^  ${spec.name} +${spec.summary.replaceAll(/[()]/g, '\\$&')}$`, 'm'));
	}

	t.false(help.includes('__'), 'internal commands stay out of help');
});

test('help lines fit in 100 columns', t => {
	for (const text of [globalHelp(), ...publicSpecs.map(spec => commandHelp(spec))]) {
		for (const line of text.split('\n').filter(line => !line.startsWith('  msid '))) {
			t.true(line.length <= 100, `too long: ${line}`);
		}
	}
});

test('the real msid: COMMAND --help, -h and help COMMAND print the same help on stdout and exit 0', async t => {
	const msid = await makeMsidEnv();
	for (const spec of publicSpecs) {
		const long = await runMsid([spec.name, '--help'], msid.env);
		t.is(long.code, 0, long.stderr);
		t.is(long.stderr, '');
		t.is(long.stdout, commandHelp(spec));
		t.deepEqual(await runMsid([spec.name, '-h'], msid.env), long);
		t.deepEqual(await runMsid(['help', spec.name], msid.env), long);
	}
});

test('the real msid: --help, help and --version on stdout, exit 0', async t => {
	const msid = await makeMsidEnv();
	for (const argv of [['--help'], ['-h'], ['help']]) {
		const result = await runMsid(argv, msid.env);
		t.is(result.code, 0);
		t.is(result.stdout, globalHelp());
		t.is(result.stderr, '');
	}

	const {version} = JSON.parse(await import('node:fs/promises').then(async fs => fs.readFile(new URL('../../package.json', import.meta.url), 'utf8'))) as {version: string};
	for (const argv of [['--version'], ['-v']]) {
		const result = await runMsid(argv, msid.env);
		t.is(result.code, 0);
		t.is(result.stdout, `${version}\n`);
	}
});

test('the real msid: unknown commands and options get one line with a suggestion, exit 2', async t => {
	const msid = await makeMsidEnv();
	const cases: Array<[string[], string]> = [
		[['tokne'], 'msid: Unknown command "tokne": did you mean msid token?\n'],
		[['help', 'lgoin'], 'msid: Unknown command "lgoin": did you mean msid login?\n'],
		[['frobnicate'], 'msid: Unknown command "frobnicate": msid --help lists the commands.\n'],
		[['token', '--fromat', 'json'], 'msid: Unknown option \'--fromat\' for msid token: did you mean --format?\n'],
		[['--verison'], 'msid: Unknown option \'--verison\': did you mean --version?\n'],
	];
	for (const [argv, stderr] of cases) {
		const result = await runMsid(argv, msid.env);
		t.is(result.code, 2, argv.join(' '));
		t.is(result.stdout, '');
		t.is(result.stderr, stderr);
	}
});
