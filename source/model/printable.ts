/**
 * Text from elsewhere (identity servers, tenant and user names, file paths from a clone) made
 * safe to print on a terminal: every C0 and C1 control character (ESC, CSI, CR, LF, BEL, TAB,
 * DEL...), every bidirectional embedding, override and isolate, and the line and paragraph
 * separators are replaced by a visible \uXXXX escape. Such a string can then neither move the
 * cursor, recolour or clear the screen, fake a line, nor reorder what follows it. Faces apply it
 * where they print remote text; values that are data for a program (a token, eval'd shell code
 * that quotes its values itself) are left alone.
 */
const unprintable = /[\u0000-\u001F\u007F-\u009F\u061C\u200E\u200F\u2028\u2029\u202A-\u202E\u2066-\u2069]/g;

export function printable(text: string): string {
	return text.replaceAll(unprintable, character => `\\u${character.codePointAt(0)!.toString(16).padStart(4, '0')}`);
}

/** printable() for each line of a text that is meant to hold several. */
export function printableLines(text: string): string {
	return text.split('\n').map(line => printable(line)).join('\n');
}

/** True when `text` holds nothing printable() would change. */
export function isPrintable(text: string): boolean {
	return !new RegExp(unprintable.source).test(text);
}
