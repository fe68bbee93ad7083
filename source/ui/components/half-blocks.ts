/**
 * Draws a pixel grid with half-block characters, two pixel rows per text row, so a QR code or a
 * big glyph keeps square-ish pixels in a terminal cell (which is about twice as tall as wide).
 */
export function halfBlockRows(pixels: ReadonlyArray<readonly boolean[]>): string[] {
	const rows: string[] = [];
	for (let y = 0; y < pixels.length; y += 2) {
		const top = pixels[y]!;
		const bottom = pixels[y + 1] ?? [];
		let row = '';
		for (let x = 0; x < top.length; x++) {
			const upper = top[x] ?? false;
			const lower = bottom[x] ?? false;
			row += upper ? (lower ? '█' : '▀') : (lower ? '▄' : ' ');
		}

		rows.push(row);
	}

	return rows;
}
