/**
 * Semantic colours: views say what a thing means (ok, warn, bad...) and the theme decides how
 * it looks. NO_COLOR (https://no-color.org) drops every colour; views must then still make sense
 * through their words and markers, which is why no state is told by colour alone.
 */
export type Tone = 'ok' | 'warn' | 'bad' | 'info' | 'muted' | 'accent' | 'title';

export interface Theme {
	readonly color: boolean;
	/** The Ink colour for a tone, or undefined when colour is off. */
	colorOf(tone: Tone | undefined): string | undefined;
	/** Light-on-dark for the QR code, so phones read it on light and dark terminals alike. */
	readonly qr: {color?: string; backgroundColor?: string};
}

const palette: Record<Tone, string> = {
	ok: 'green',
	warn: 'yellow',
	bad: 'red',
	info: 'cyan',
	muted: 'gray',
	accent: 'blue',
	title: 'magenta',
};

export function createTheme({color}: {color: boolean}): Theme {
	return {
		color,
		colorOf: tone => (color && tone ? palette[tone] : undefined),
		qr: color ? {color: 'white', backgroundColor: 'black'} : {},
	};
}

/** Colour unless NO_COLOR is set to a non-empty value, as the convention says. */
export function colorFromEnv(env: NodeJS.ProcessEnv = process.env): boolean {
	const noColor = env['NO_COLOR'];
	return noColor === undefined || noColor === '';
}
