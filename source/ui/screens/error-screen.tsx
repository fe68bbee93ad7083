/**
 * `e`: the full text of the last failure, wrapped to the terminal and scrollable, where the
 * notice line could show only its start.
 */
import {useWindowSize} from 'ink';
import {useReducer} from 'react';
import {Line} from '../components/line.js';
import {bodyHeight, ScreenFrame} from '../components/screen-frame.js';
import {maxScroll, ScrollView, type ScrollLine} from '../components/scroll-view.js';
import {wrapWords} from '../format.js';
import {useScreenInput} from '../hooks/use-screen-input.js';
import {errorKeys, matchAction} from '../keymap.js';

function scrollReducer(offset: number, action: {delta: number; max: number}): number {
	return Math.min(action.max, Math.max(0, offset + action.delta));
}

export function errorLines(detail: readonly string[], width: number): ScrollLine[] {
	return detail.flatMap((paragraph, index) => [
		...(index > 0 ? [{key: `gap:${index}`, node: <Line />}] : []),
		...wrapWords(paragraph, Math.max(8, width)).map((text, row) => ({key: `${index}:${row}`, node: <Line tone={index === 0 ? 'bad' : undefined}>{text}</Line>})),
	]);
}

export function ErrorScreen({detail, onBack}: {detail: readonly string[]; onBack: () => void}) {
	const {columns, rows} = useWindowSize();
	const [offset, dispatch] = useReducer(scrollReducer, 0);
	const lines = errorLines(detail, columns);
	const height = bodyHeight(rows);

	useScreenInput((input, key) => {
		const action = matchAction(errorKeys, input, key);
		if (action === 'back') {
			onBack();
		} else if (action === 'scroll-up' || action === 'scroll-down') {
			dispatch({delta: action === 'scroll-up' ? -1 : 1, max: maxScroll(lines.length, height)});
		}
	});

	return (
		<ScreenFrame title="msid · error" notice={undefined} bindings={errorKeys}>
			{size => <ScrollView lines={lines} offset={offset} height={size.height} />}
		</ScreenFrame>
	);
}
