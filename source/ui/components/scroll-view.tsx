/**
 * A window onto pre-cut lines, for views longer than the screen (scope audit, keymap). The last
 * row says when more lies below, so nothing is silently cut off.
 */
import {Box} from 'ink';
import type {ReactNode} from 'react';
import {Line} from './line.js';

export interface ScrollLine {
	key: string;
	node: ReactNode;
}

export function maxScroll(lineCount: number, height: number): number {
	return Math.max(0, lineCount - height + 1);
}

export function ScrollView({lines, offset, height}: {lines: readonly ScrollLine[]; offset: number; height: number}) {
	if (lines.length <= height) {
		return <Box flexDirection="column">{lines.map(line => <Box key={line.key}>{line.node}</Box>)}</Box>;
	}

	// One row is kept for the "more" marker whenever something is hidden below.
	const start = Math.min(Math.max(0, offset), maxScroll(lines.length, height));
	const visible = lines.slice(start, start + height - 1);
	const below = lines.length - start - visible.length;
	return (
		<Box flexDirection="column">
			{visible.map(line => <Box key={line.key}>{line.node}</Box>)}
			<Line tone="muted">{below > 0 ? `↓ ${below} more (j)` : `↑ ${start} above (k)`}</Line>
		</Box>
	);
}
