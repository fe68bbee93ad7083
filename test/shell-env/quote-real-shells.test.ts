/**
 * Every hostile value, exported by the code msid-env prints and evaluated by the real shell,
 * must reach child processes byte for byte, and nothing in it may run.
 */
import {assignmentPrefix, renderExports} from '../../source/shell-env/emit.js';
import {asPrinted, quoteBytes} from '../../source/shell-env/quote.js';
import {injectionCorpus, invalidUtf8Corpus} from '../fixtures/injection-corpus.js';
import {missingToolMessage} from '../shell/tools.js';
import {evalInShell, shellsUnderTest, type EvalResult} from './eval-in-shell.js';
import {testNeeding} from '../helpers/tool-gate.js';

const variable = (index: number) => `MSID_T_${index}`;

function mismatches(result: EvalResult, expected: readonly Buffer[]): number[] {
	return expected.flatMap((bytes, index) => (result.environment.get(variable(index))?.equals(bytes) ? [] : [index]));
}

for (const shell of shellsUnderTest()) {
	const test = testNeeding(shell.binary ? undefined : missingToolMessage(shell.label, shell.package), {notPackagedHere: shell.kind === 'pwsh'});
	test(`${shell.label}: ${injectionCorpus.length} hostile values round-trip and run nothing`, async t => {
		const code = renderExports(shell.kind, injectionCorpus.map((value, index) => [variable(index), value]));
		const result = await evalInShell(shell, code);
		t.false(result.canaryCreated, 'a value ran as code');
		const wrong = mismatches(result, injectionCorpus.map(value => Buffer.from(asPrinted(value), 'utf8')));
		t.deepEqual(wrong.map(index => JSON.stringify(injectionCorpus[index]!.slice(0, 80))), []);
		t.is(result.stderr, '');
	});

	if (shell.kind !== 'pwsh') {
		test(`${shell.label}: bytes that are not UTF-8 round-trip and run nothing`, async t => {
			const code = Buffer.concat(
				invalidUtf8Corpus.flatMap((bytes, index) => [
					Buffer.from(assignmentPrefix(shell.kind, variable(index))),
					quoteBytes(shell.kind, bytes),
					Buffer.from('\n'),
				]),
			);
			const result = await evalInShell(shell, code);
			t.false(result.canaryCreated, 'a value ran as code');
			t.deepEqual(mismatches(result, invalidUtf8Corpus), []);
		});
	}
}
