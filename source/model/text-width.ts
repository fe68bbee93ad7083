/**
 * Text measured as a terminal shows it: CJK and most emoji take two columns, combining marks
 * none. Columns in `msid list` and the dashboard are padded and cut by these, not by counting
 * characters, so a Japanese or Chinese name does not push the next column out of line.
 */
import stringWidth from 'string-width';

// Made at the first cut: the first Intl object of a process costs about 20 ms (ICU's locale
// data), which a start that cuts nothing (the dashboard's first frame) must not pay.
let graphemes: Intl.Segmenter | undefined;

export function displayWidth(text: string): number {
	return stringWidth(text);
}

/** Pads with spaces to `width` columns. */
export function padToWidth(text: string, width: number): string {
	const used = displayWidth(text);
	return used >= width ? text : text + ' '.repeat(width - used);
}

/** Cuts to at most `width` columns at a character boundary, marking a cut with an ellipsis. */
export function truncateToWidth(text: string, width: number): string {
	if (width <= 0) {
		return '';
	}

	if (displayWidth(text) <= width) {
		return text;
	}

	let kept = '';
	let used = 0;
	for (const {segment} of (graphemes ??= new Intl.Segmenter(undefined, {granularity: 'grapheme'})).segment(text)) {
		const columns = displayWidth(segment);
		if (used + columns > width - 1) {
			break;
		}

		kept += segment;
		used += columns;
	}

	return `${kept}…`;
}
