import {Box} from 'ink';
import {blockCharWidth, blockText} from './block-font.js';
import {Line, Tinted} from './line.js';

/**
 * The user code in large block letters when it fits, and always once in plain text too, so it
 * can be read aloud, selected with the mouse or read by a screen reader.
 */
export function BigUserCode({code, width}: {code: string; width: number}) {
	const fitsLarge = [...code].length * blockCharWidth <= width;
	return (
		<Box flexDirection="column">
			{fitsLarge
				? blockText(code).map((row, index) => <Line key={index} bold tone="accent">{row}</Line>)
				: null}
			<Line>
				<Tinted tone="muted">Code </Tinted>
				<Tinted bold tone="accent">{code}</Tinted>
			</Line>
		</Box>
	);
}
