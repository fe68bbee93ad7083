/**
 * A 3x5 pixel font for user codes (A-Z, 0-9, "-"), so the code can be read from across a desk.
 * O is rounded and 0 square, since device codes may use both.
 */
import {halfBlockRows} from './half-blocks.js';

const glyphs: Record<string, string> = {
	A: '.#. #.# ### #.# #.#', B: '##. #.# ##. #.# ##.', C: '.## #.. #.. #.. .##', D: '##. #.# #.# #.# ##.',
	E: '### #.. ##. #.. ###', F: '### #.. ##. #.. #..', G: '.## #.. #.# #.# .##', H: '#.# #.# ### #.# #.#',
	I: '### .#. .#. .#. ###', J: '..# ..# ..# #.# .#.', K: '#.# #.# ##. #.# #.#', L: '#.. #.. #.. #.. ###',
	M: '#.# ### ### #.# #.#', N: '##. #.# #.# #.# #.#', O: '.#. #.# #.# #.# .#.', P: '##. #.# ##. #.. #..',
	Q: '.#. #.# #.# ##. .##', R: '##. #.# ##. #.# #.#', S: '.## #.. .#. ..# ##.', T: '### .#. .#. .#. .#.',
	U: '#.# #.# #.# #.# ###', V: '#.# #.# #.# #.# .#.', W: '#.# #.# ### ### #.#', X: '#.# #.# .#. #.# #.#',
	Y: '#.# #.# .#. .#. .#.', Z: '### ..# .#. #.. ###',
	0: '### #.# #.# #.# ###', 1: '.#. ##. .#. .#. ###', 2: '##. ..# .#. #.. ###', 3: '##. ..# .#. ..# ##.',
	4: '#.# #.# ### ..# ..#', 5: '### #.. ##. ..# ##.', 6: '.## #.. ### #.# ###', 7: '### ..# .#. .#. .#.',
	8: '### #.# ### #.# ###', 9: '### #.# ### ..# ##.', '-': '... ... ### ... ...', ' ': '... ... ... ... ...',
};

/** Columns one character takes, including the gap after it. */
export const blockCharWidth = 4;

/** Three text rows showing `text` in the block font; characters it lacks show as blanks. */
export function blockText(text: string): string[] {
	const pixels: boolean[][] = Array.from({length: 6}, () => []);
	for (const character of text.toUpperCase()) {
		const rows = (glyphs[character] ?? glyphs[' ']!).split(' ');
		for (let y = 0; y < 5; y++) {
			pixels[y]!.push(...[...rows[y]!].map(pixel => pixel === '#'), false);
		}

		pixels[5]!.push(false, false, false, false);
	}

	return halfBlockRows(pixels).map(row => row.trimEnd());
}
