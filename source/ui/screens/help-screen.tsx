/**
 * `?`: the whole keymap, rendered from keymap.ts so it cannot drift from what the keys do.
 * Scrolls when the terminal is too short to show it at once.
 */
import {useWindowSize} from 'ink';
import {useReducer} from 'react';
import {Line, Tinted} from '../components/line.js';
import {bodyHeight, ScreenFrame} from '../components/screen-frame.js';
import {maxScroll, ScrollView, type ScrollLine} from '../components/scroll-view.js';
import {padEnd} from '../format.js';
import {useScreenInput} from '../hooks/use-screen-input.js';
import {helpKeys, keymapSections, matchAction} from '../keymap.js';

type HelpAction = {type: 'scroll'; delta: number; max: number};

function helpReducer(offset: number, action: HelpAction): number {
	return Math.min(action.max, Math.max(0, offset + action.delta));
}

export function keymapLines(): ScrollLine[] {
	const keysWidth = Math.max(...keymapSections.flatMap(section => section.bindings.map(binding => [...binding.keys].length))) + 2;
	return keymapSections.flatMap((section, index) => [
		...(index > 0 ? [{key: `gap:${section.title}`, node: <Line />}] : []),
		{key: `title:${section.title}`, node: <Line bold tone="title">{section.title}</Line>},
		...section.bindings.map(binding => ({
			key: `${section.title}:${binding.action}`,
			node: (
				<Line>
					{'  '}
					<Tinted bold tone="accent">{padEnd(binding.keys, keysWidth)}</Tinted>
					{binding.description}
				</Line>
			),
		})),
	]);
}

export function HelpScreen({onBack}: {onBack: () => void}) {
	const [offset, dispatch] = useReducer(helpReducer, 0);
	const lines = keymapLines();
	const height = bodyHeight(useWindowSize().rows);

	useScreenInput((input, key) => {
		const action = matchAction(helpKeys, input, key);
		if (action === 'back') {
			onBack();
		} else if (action === 'scroll-up' || action === 'scroll-down') {
			dispatch({type: 'scroll', delta: action === 'scroll-up' ? -1 : 1, max: maxScroll(lines.length, height)});
		}
	});

	return (
		<ScreenFrame title="msid · keys" notice={undefined} bindings={helpKeys}>
			{size => <ScrollView lines={lines} offset={offset} height={size.height} />}
		</ScreenFrame>
	);
}
