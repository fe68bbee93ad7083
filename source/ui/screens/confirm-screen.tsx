/**
 * A yes/no question shown before anything that cannot be undone (signing out removes
 * secrets). The screen that shows it routes y and n/Esc through confirmKeys, so a key typed
 * right after the question appeared is not lost while the view mounts.
 */
import {Box} from 'ink';
import {Line, Tinted} from '../components/line.js';

export function ConfirmScreen({question, details}: {question: string; details: readonly string[]}) {
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
