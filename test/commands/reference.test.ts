/**
 * README.md's command reference and docs/cli.md's synopses are made from the command
 * declarations; this fails when either has drifted (run npm run docs:commands).
 */
import {readFile} from 'node:fs/promises';
import path from 'node:path';
import test from 'ava';
import {begin, cliSynopses, end, readmeReference, replaceBlock} from '../../scripts/command-reference.js';
import {publicSpecs} from '../../source/commands/spec/index.js';
import {repoRoot} from '../helpers/cli.js';

for (const [file, name, made] of [['README.md', 'commands', readmeReference], ['docs/cli.md', 'synopses', cliSynopses]] as const) {
	test(`${file}: the ${name} block is what the declarations make`, async t => {
		const text = await readFile(path.join(repoRoot, file), 'utf8');
		t.true(text.includes(`${begin(name)}\n${made()}\n${end(name)}`), `${file} has drifted from source/commands/spec: run npm run docs:commands`);
		t.is(replaceBlock(text, name, made()), text);
	});
}

test('the reference names every public command and every option it takes', t => {
	const reference = readmeReference();
	for (const spec of publicSpecs) {
		t.true(reference.includes(`### \`msid ${spec.name}\``), spec.name);
		for (const name of Object.keys(spec.options)) {
			t.regex(reference, new RegExp(`\\| \`--${name}[ \`]`), `msid ${spec.name} --${name}`);
		}
	}
});

test('a block without its markers is refused, not appended', t => {
	t.throws(() => replaceBlock('no markers here', 'commands', 'x'), {message: /markers of the "commands" block are missing/});
	t.is(replaceBlock(`a\n${begin('x')}\nold\n${end('x')}\nb`, 'x', 'new'), `a\n${begin('x')}\nnew\n${end('x')}\nb`);
});
