/**
 * A yes/no question that owns the keyboard while shown: y does it, n or Esc leaves everything
 * as it was. Used before anything that cannot be undone (signing out removes secrets).
 */
import {Box, useInput} from 'ink';
import {confirmKeys, matchAction} from '../keymap.js';
import {Line, Tinted} from '../components/line.js';

interface Props {
	question: string;
	details: readonly string[];
	onYes: () => void;
	onNo: () => void;
}

export function ConfirmScreen({question, details, onYes, onNo}: Props) {
	useInput((input, key) => {
		const action = matchAction(confirmKeys, input, key);
		if (action === 'yes') {
			onYes();
		} else if (action === 'no') {
			onNo();
		}
	});

	return (
		<Box flexDirection="column">
			<Line bold tone="warn">{question}</Line>
			{details.map(detail => <Line key={detail}>{detail}</Line>)}
			<Line />
			<Line>
				<Tinted bold tone="accent">y</Tinted>
				{' yes   '}
				<Tinted bold tone="accent">n</Tinted>
				{' / '}
				<Tinted bold tone="accent">Esc</Tinted>
				{' no'}
			</Line>
		</Box>
	);
}
