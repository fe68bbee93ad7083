/**
 * Every line of the dashboard goes through Line: it truncates instead of wrapping, so a narrow
 * terminal cuts text with an ellipsis rather than breaking the layout into stray lines. It is
 * also where text meets the terminal, so it makes every string printable: tenant and user
 * names, device-code messages and server errors come from remote servers and must not move the
 * cursor, recolour or clear the screen, or reorder the line.
 */
import {Text} from 'ink';
import {Children, type ReactNode} from 'react';
import {printable} from '../../model/printable.js';
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
			{empty ? ' ' : printableChildren(children)}
		</Text>
	);
}

/** A coloured run inside a Line. */
export function Tinted({children, tone, bold}: Props) {
	const theme = useTheme();
	return (
		<Text color={theme.colorOf(tone)} bold={bold}>
			{printableChildren(children)}
		</Text>
	);
}

function printableChildren(children: ReactNode): ReactNode {
	return typeof children === 'string' ? printable(children) : Children.map(children, child => (typeof child === 'string' ? printable(child) : child));
}
