/**
 * scripts/unicode-at-first-use.js patches the text-measuring packages under Ink at build time:
 * their segmenters and string-width's emoji pattern are made at first use, and text made only
 * of its "simple" characters is measured and tokenized without them. The packages are bundled
 * here twice, with and without the patches, and must give the same answers: for every simple
 * character (alone, beside letters, itself and escape sequences), and for text that is not
 * simple (emoji, combining marks, Hangul, controls), which must take the packages' own path.
 */
import path from 'node:path';
import {pathToFileURL} from 'node:url';
import test from 'ava';
import {build, type Plugin} from 'esbuild';
import {repoRoot} from '../helpers/cli.js';
import {makeTempDir} from '../helpers/temp-dirs.js';

interface Token {
	type: string;
	value?: string;
	code?: string;
	fullWidth?: boolean;
}

interface TextPackages {
	stringWidth(text: string, options?: {ambiguousIsNarrow?: boolean}): number;
	tokenize(text: string): Token[];
	wrapAnsi(text: string, columns: number, options?: {hard?: boolean}): string;
	sliceAnsi(text: string, start: number, end?: number): string;
}

interface PluginModule {
	simpleCharacters: string;
	unicodeAtFirstUse(): Plugin;
}

const entry = `
export {default as stringWidth} from 'string-width';
export {tokenize} from '@alcalzone/ansi-tokenize';
export {default as wrapAnsi} from 'wrap-ansi';
export {default as sliceAnsi} from 'slice-ansi';
`;

async function bundle(name: string, plugins: Plugin[]): Promise<TextPackages> {
	const outfile = path.join(await makeTempDir('msid-unicode-'), `${name}.mjs`);
	await build({stdin: {contents: entry, resolveDir: repoRoot}, bundle: true, platform: 'node', format: 'esm', target: 'node22', outfile, plugins, logLevel: 'warning'});
	return (await import(pathToFileURL(outfile).href)) as TextPackages;
}

// A path in a variable: the plugin is plain JavaScript without type declarations.
const pluginPath = pathToFileURL(path.join(repoRoot, 'scripts', 'unicode-at-first-use.js')).href;
const {simpleCharacters, unicodeAtFirstUse} = (await import(pluginPath)) as PluginModule;

/** What the patched packages built at load, for plain text, and then for an emoji. */
const built = {atLoad: [] as string[], forPlainText: [] as string[], forEmoji: [] as string[]};
let original: TextPackages;
let patched: TextPackages;

test.before(async () => {
	original = await bundle('original', []);
	const log: string[] = [];
	const {Segmenter} = Intl;
	const {RegExp: NativeRegExp} = globalThis;
	const intl = Intl as {Segmenter: typeof Intl.Segmenter};
	intl.Segmenter = new Proxy(Segmenter, {
		construct(target, args: ConstructorParameters<typeof Intl.Segmenter>, newTarget) {
			log.push('Intl.Segmenter');
			return Reflect.construct(target, args, newTarget) as Intl.Segmenter;
		},
	});
	globalThis.RegExp = new Proxy(NativeRegExp, {
		construct(target, args: [string | RegExp, string?], newTarget) {
			if (String(args[0]).includes('RGI_Emoji')) {
				log.push('RGI_Emoji');
			}

			return Reflect.construct(target, args, newTarget) as RegExp;
		},
	});
	try {
		patched = await bundle('patched', [unicodeAtFirstUse()]);
		built.atLoad = log.splice(0);
		patched.stringWidth('msid · 2 accounts │ ● ○ › ↑↓ … ⠋ 名前');
		patched.tokenize('\u001B[1mmsid · 2 accounts\u001B[22m │ ●');
		built.forPlainText = log.splice(0);
		patched.stringWidth('ok 👍');
		built.forEmoji = log.splice(0);
	} finally {
		intl.Segmenter = Segmenter;
		globalThis.RegExp = NativeRegExp;
	}
});

function simpleCodePoints(): number[] {
	const codePoints: number[] = [];
	for (const [, from, to] of simpleCharacters.matchAll(/\\u([\dA-F]{4})(?:-\\u([\dA-F]{4}))?/g)) {
		for (let codePoint = Number.parseInt(from!, 16); codePoint <= Number.parseInt(to ?? from!, 16); codePoint++) {
			codePoints.push(codePoint);
		}
	}

	return codePoints;
}

test('the patched packages build no segmenter or emoji pattern at load or for plain text, and do for an emoji', t => {
	t.deepEqual(built.atLoad, []);
	t.deepEqual(built.forPlainText, []);
	t.true(built.forEmoji.includes('Intl.Segmenter'));
	t.true(built.forEmoji.includes('RGI_Emoji'));
});

test('the simple characters cover the text of a first frame and leave out what needs the segmenter', t => {
	const simple = new RegExp(`^[${simpleCharacters}]*$`);
	t.true(simple.test('msid · 50 accounts │ ● ○ › ↑↓ … ⠋⠙ ─ ✓ 名前 Ünïcödé'));
	for (const text of ['👍', '\u0301', '\u200D', '\u1100', '\uAC00', '\u00AD', '\uFE0F', '\t', '\r', '\u001B']) {
		t.false(simple.test(text), JSON.stringify(text));
	}
});

test('every simple character measures as string-width measures it, alone and in company', t => {
	const differences: string[] = [];
	for (const codePoint of simpleCodePoints()) {
		const character = String.fromCodePoint(codePoint);
		for (const text of [character, `A${character}${character}é`]) {
			for (const options of [{}, {ambiguousIsNarrow: false}]) {
				if (patched.stringWidth(text, options) !== original.stringWidth(text, options)) {
					differences.push(`U+${codePoint.toString(16)} in ${JSON.stringify(text)} ${JSON.stringify(options)}`);
				}
			}
		}
	}

	t.deepEqual(differences.slice(0, 20), []);
});

test('every simple character tokenizes as ansi-tokenize tokenizes it, beside letters and escape sequences', t => {
	const differences: string[] = [];
	for (const codePoint of simpleCodePoints()) {
		const character = String.fromCodePoint(codePoint);
		const text = `\u001B[31m${character}A${character}${character}\u001B[39m\u001B]8;;https://example.com\u0007${character}\u001B]8;;\u0007`;
		if (JSON.stringify(patched.tokenize(text)) !== JSON.stringify(original.tokenize(text))) {
			differences.push(`U+${codePoint.toString(16)}`);
		}
	}

	t.deepEqual(differences.slice(0, 20), []);
});

const notSimple = [
	'👍', '👍🏽 ok', '👨‍👩‍👧', '🇯🇵', '1️⃣', '☀️', 'e\u0301', 'ﾊﾞ', '\u1100\u1161\u11A8', '한국어', 'a\u200Bb', 'x\u00ADy', '\u0915\u094D\u0937', 'tab\there', '\u001B[1m👍\u001B[22m', 'مرحبا\u0600',
];

test('text that is not simple takes the packages\' own path and gets their answers', t => {
	for (const text of notSimple) {
		for (const options of [{}, {ambiguousIsNarrow: false}]) {
			t.is(patched.stringWidth(text, options), original.stringWidth(text, options), JSON.stringify(text));
		}

		t.deepEqual(patched.tokenize(text), original.tokenize(text), JSON.stringify(text));
	}
});

test('wrap-ansi and slice-ansi answer as before with their segmenters made on first use', t => {
	for (const text of ['msid · 2 accounts │ ● user@example.com', ...notSimple, '名前名前名前 ok 👍🏽 done']) {
		t.is(patched.wrapAnsi(text, 7, {hard: true}), original.wrapAnsi(text, 7, {hard: true}), JSON.stringify(text));
		t.is(patched.sliceAnsi(text, 1, 6), original.sliceAnsi(text, 1, 6), JSON.stringify(text));
	}
});
