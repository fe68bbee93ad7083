/**
 * A terminal frame (text with SGR colour codes, one line per row) drawn as an SVG picture:
 * one <text> per row and a <tspan> per run of one style. The plain text is kept in <desc>, so
 * a test can compare a picture with what the program shows now.
 */
const palette = ['#1e1e1e', '#cd3131', '#0dbc79', '#c8a600', '#2472c8', '#bc3fbc', '#11a8cd', '#e5e5e5'];
const bright = ['#666666', '#f14c4c', '#23d18b', '#e5e510', '#3b8eea', '#d670d6', '#29b8db', '#ffffff'];
const foreground = '#d4d4d4';
const background = '#1e1e1e';
const cell = {width: 8.4, height: 18};

interface Style {
	fg?: string;
	bg?: string;
	bold?: boolean;
	dim?: boolean;
	inverse?: boolean;
	underline?: boolean;
}

function apply(style: Style, codes: number[]): Style {
	const next = {...style};
	for (let index = 0; index < codes.length; index++) {
		const code = codes[index]!;
		if (code === 0) {
			for (const key of Object.keys(next) as Array<keyof Style>) {
				delete next[key];
			}
		} else if (code === 1) {
			next.bold = true;
		} else if (code === 2) {
			next.dim = true;
		} else if (code === 22) {
			delete next.bold;
			delete next.dim;
		} else if (code === 4) {
			next.underline = true;
		} else if (code === 24) {
			delete next.underline;
		} else if (code === 7) {
			next.inverse = true;
		} else if (code === 27) {
			delete next.inverse;
		} else if (code >= 30 && code <= 37) {
			next.fg = palette[code - 30];
		} else if (code >= 90 && code <= 97) {
			next.fg = bright[code - 90];
		} else if (code === 39) {
			delete next.fg;
		} else if (code >= 40 && code <= 47) {
			next.bg = palette[code - 40];
		} else if (code >= 100 && code <= 107) {
			next.bg = bright[code - 100];
		} else if (code === 49) {
			delete next.bg;
		} else if ((code === 38 || code === 48) && codes[index + 1] === 2) {
			const [r, g, b] = codes.slice(index + 2, index + 5);
			next[code === 38 ? 'fg' : 'bg'] = `rgb(${r},${g},${b})`;
			index += 4;
		} else if ((code === 38 || code === 48) && codes[index + 1] === 5) {
			const n = codes[index + 2]!;
			next[code === 38 ? 'fg' : 'bg'] = n < 8 ? palette[n] : n < 16 ? bright[n - 8] : foreground;
			index += 2;
		}
	}

	return next;
}

const escapeXml = (text: string) => text.replaceAll('&', '&amp;').replaceAll('<', '&lt;').replaceAll('>', '&gt;').replaceAll('"', '&quot;');

/** Runs of one style in one line: [text, style]. */
function runs(line: string): Array<[string, Style]> {
	const result: Array<[string, Style]> = [];
	let style: Style = {};
	for (const part of line.split(/(\u001B\[[\d;]*m)/)) {
		const sgr = /^\u001B\[([\d;]*)m$/.exec(part);
		if (sgr) {
			style = apply(style, (sgr[1] || '0').split(';').map(Number));
		} else if (part !== '') {
			result.push([part.replaceAll(/\u001B\[[\d;?]*[A-Za-z]/g, ''), style]);
		}
	}

	return result;
}

export function frameToSvg(frame: string, text: string, title: string, columns: number, rows: number, width: (text: string) => number): string {
	const lines = frame.split('\n').slice(0, rows);
	const body = lines.map((line, row) => {
		let column = 0;
		const cells: string[] = [];
		const backgrounds: string[] = [];
		for (const [part, style] of runs(line)) {
			const fg = style.inverse ? (style.bg ?? background) : (style.fg ?? foreground);
			const bg = style.inverse ? (style.fg ?? foreground) : style.bg;
			const x = (column * cell.width).toFixed(1);
			if (bg) {
				backgrounds.push(`<rect x="${x}" y="${(row * cell.height).toFixed(1)}" width="${(width(part) * cell.width).toFixed(1)}" height="${cell.height}" fill="${bg}"/>`);
			}

			const attributes = [`x="${x}"`, `fill="${fg}"`, style.bold ? 'font-weight="bold"' : '', style.dim ? 'opacity="0.6"' : '', style.underline ? 'text-decoration="underline"' : ''].filter(Boolean).join(' ');
			cells.push(`<tspan ${attributes}>${escapeXml(part)}</tspan>`);
			column += width(part);
		}

		return `${backgrounds.join('')}<text y="${((row + 0.78) * cell.height).toFixed(1)}" xml:space="preserve">${cells.join('')}</text>`;
	});
	const svgWidth = (columns * cell.width).toFixed(0);
	const svgHeight = rows * cell.height;
	return [
		`<svg xmlns="http://www.w3.org/2000/svg" width="${svgWidth}" height="${svgHeight}" viewBox="0 0 ${svgWidth} ${svgHeight}" font-family="DejaVu Sans Mono, Menlo, Consolas, monospace" font-size="14">`,
		`<title>${escapeXml(title)}</title>`,
		`<desc>${escapeXml(text)}</desc>`,
		`<rect width="100%" height="100%" fill="${background}"/>`,
		...body,
		'</svg>',
		'',
	].join('\n');
}

/** The plain text a picture was drawn from. */
export function svgText(svg: string): string {
	const desc = /<desc>([\s\S]*?)<\/desc>/.exec(svg)?.[1] ?? '';
	return desc.replaceAll('&quot;', '"').replaceAll('&gt;', '>').replaceAll('&lt;', '<').replaceAll('&amp;', '&');
}
