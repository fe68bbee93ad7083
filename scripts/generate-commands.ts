/** npm run docs:commands: rewrites the command reference blocks of README.md and docs/cli.md. */
import {readFile, writeFile} from 'node:fs/promises';
import {cliSynopses, readmeReference, replaceBlock} from './command-reference.js';

for (const [file, name, content] of [['README.md', 'commands', readmeReference()], ['docs/cli.md', 'synopses', cliSynopses()]] as const) {
	const before = await readFile(file, 'utf8');
	const after = replaceBlock(before, name, content);
	if (after !== before) {
		await writeFile(file, after);
		console.log(`rewrote the ${name} block of ${file}`);
	}
}
