/**
 * An esbuild plugin: the text-measuring packages under Ink build their Unicode machinery when
 * first needed, and plain text never needs it.
 *
 * The first Intl object a process makes initialises ICU's locale data (about 20 ms), and
 * string-width's /^\p{RGI_Emoji}$/v takes about 25 ms to construct (V8 expands every emoji
 * sequence). string-width, wrap-ansi, slice-ansi, @alcalzone/ansi-tokenize and Ink's line
 * diff all made theirs when their module loaded, so the dashboard paid for them before its
 * first frame, though that frame holds only text like "msid · 2 accounts", box lines and
 * bullets. Here:
 *
 * - every module-level `new Intl.Segmenter(…)` becomes an object whose segment() makes the
 *   real segmenter on its first call;
 * - string-width builds its RGI emoji pattern on first use, and measures a string made only
 *   of `simpleCharacters` by adding up their East Asian widths, as it already did for ASCII;
 * - ansi-tokenize (Ink's output, every line of every frame) walks such a string by code point.
 *
 * `simpleCharacters`: code points that are each a grapheme cluster of their own beside any
 * other of them or an escape (no combining marks, joiners, format or control characters,
 * Hangul jamo) and whose width string-width takes from their East Asian Width alone. For them
 * the shortcuts give exactly what the segmenter would; test/build/unicode-at-first-use.test.ts
 * checks every one of them against the unpatched packages. Anything else (emoji, combining
 * marks, Hangul, controls) takes the packages' own path.
 *
 * Each patch names the exact text it replaces: when a package changes, the build fails and
 * says so, instead of shipping an unpatched (slower) or half-patched file.
 */
import {readFile} from 'node:fs/promises';

export const simpleCharacters = String.raw`\u0020-\u007E\u00A0-\u00AC\u00AE-\u02FF\u0370-\u0482\u048A-\u052F\u2000-\u200A\u2010-\u2029\u202F-\u205F\u2070-\u20CF\u20F1-\u2BFF\u2E80-\u3029\u3030-\u3098\u309B-\u3163\u3165-\u9FFF\uFF01-\uFF60`;

/** ESC and BEL (escape sequences) and the C1 CSI and ST: controls, so clusters of their own. */
const escapeCharacters = String.raw`\u0007\u001B\u009B\u009C`;

const segmenterDeclaration = /^const (\w+) = new Intl\.Segmenter\(([^)]*)\);$/gm;

/** `const x = new Intl.Segmenter(…);` → an object that makes the segmenter at its first segment(). */
function lazySegmenters(text, file) {
	let count = 0;
	const result = text.replace(segmenterDeclaration, (whole, name, options) => {
		count++;
		const code = text.replaceAll(/\/\/.*$/gm, '');
		const otherUses = code.split(new RegExp(String.raw`\b${name}\b(?!\.segment\()`)).length - 2;
		if (otherUses !== 0) {
			throw new Error(`build: ${file} uses its segmenter ${name} for more than segment(); update scripts/unicode-at-first-use.js`);
		}

		return `let ${name}$instance;\nconst ${name} = {segment: text => (${name}$instance ??= new Intl.Segmenter(${options})).segment(text)};`;
	});
	return {text: result, count};
}

function replaceOnce(text, from, to, file) {
	const at = text.indexOf(from);
	if (at === -1 || text.includes(from, at + from.length)) {
		throw new Error(`build: ${file} no longer holds ${JSON.stringify(from.slice(0, 60))} exactly once; update scripts/unicode-at-first-use.js`);
	}

	return text.slice(0, at) + to + text.slice(at + from.length);
}

const stringWidthEdits = [
	['const rgiEmojiRegex = /^\\p{RGI_Emoji}$/v;', 'let rgiEmojiRegex;'],
	['rgiEmojiRegex.test(segment)', "(rgiEmojiRegex ??= new RegExp('^\\\\p{RGI_Emoji}$', 'v')).test(segment)"],
	[
		'\tlet width = 0;\n\tconst eastAsianWidthOptions = {ambiguousAsWide: !ambiguousIsNarrow};\n',
		`\tlet width = 0;\n\tconst eastAsianWidthOptions = {ambiguousAsWide: !ambiguousIsNarrow};\n
	// Patched in by msid's build (scripts/unicode-at-first-use.js): each of these characters is a
	// cluster of its own whose width is its East Asian Width.
	if (/^[${simpleCharacters}]*$/.test(string)) {
		for (const character of string) {
			width += eastAsianWidth(character.codePointAt(0), eastAsianWidthOptions);
		}

		return width;
	}
`,
	],
];

const tokenizeEdits = [
	[
		'for (const { segment, index } of segmenter.segment(str)) {',
		`for (const { segment, index } of (/^[${simpleCharacters}${escapeCharacters}]*$/.test(str) ? codePointSegments(str) : segmenter.segment(str))) {`,
	],
	[
		'export function tokenize(',
		`// Patched in by msid's build (scripts/unicode-at-first-use.js): what segment() yields for text
// whose every code point is a cluster of its own.
function codePointSegments(text) {
    const segments = [];
    let index = 0;
    for (const segment of text) {
        segments.push({ segment, index });
        index += segment.length;
    }
    return segments;
}
export function tokenize(`,
	],
];

const packages = [
	{file: /[\\/]node_modules[\\/]string-width[\\/]index\.js$/, segmenters: 1, edits: stringWidthEdits},
	{file: /[\\/]node_modules[\\/]@alcalzone[\\/]ansi-tokenize[\\/]build[\\/]tokenize\.js$/, segmenters: 1, edits: tokenizeEdits},
	{file: /[\\/]node_modules[\\/]wrap-ansi[\\/]index\.js$/, segmenters: 1, edits: []},
	{file: /[\\/]node_modules[\\/]slice-ansi[\\/]tokenize-ansi\.js$/, segmenters: 1, edits: []},
	{file: /[\\/]node_modules[\\/]ink[\\/]build[\\/]line-update\.js$/, segmenters: 1, edits: []},
];

export function unicodeAtFirstUse() {
	return {
		name: 'unicode-at-first-use',
		setup(builder) {
			for (const {file: filter, segmenters, edits} of packages) {
				builder.onLoad({filter}, async ({path: file}) => {
					const lazy = lazySegmenters(await readFile(file, 'utf8'), file);
					if (lazy.count !== segmenters) {
						throw new Error(`build: ${file} no longer makes ${segmenters} segmenter(s) at load; update scripts/unicode-at-first-use.js`);
					}

					let {text} = lazy;
					for (const [from, to] of edits) {
						text = replaceOnce(text, from, to, file);
					}

					return {loader: 'js', contents: text};
				});
			}
		},
	};
}
