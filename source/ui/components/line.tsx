/**
 * Every line of the dashboard goes through Line: it truncates instead of wrapping, so a narrow
 * terminal cuts text with an ellipsis rather than breaking the layout into stray lines.
 */
import {Text} from 'ink';
import type {ReactNode} from 'react';
import {useTheme} from '../hooks/use-theme.js';
import type {Tone} from '../theme.js';

interface Props {
	children?: ReactNode;
	tone?: Tone;
	bold?: boolean;
}

export function Line({children, tone, bold}: Props) {
	const theme = useTheme();
	const empty = children === undefined || children === null || children === '';
	return (
		<Text wrap="truncate-end" color={theme.colorOf(tone)} bold={bold}>
			{empty ? ' ' : children}
		</Text>
	);
}

/** A coloured run inside a Line. */
export function Tinted({children, tone, bold}: Props) {
	const theme = useTheme();
	return (
		<Text color={theme.colorOf(tone)} bold={bold}>
			{children}
		</Text>
	);
}
