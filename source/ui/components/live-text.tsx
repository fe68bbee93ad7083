/**
 * Text that follows the clock: a countdown, "12 s ago". On the full-screen dashboard the live
 * painter repaints it in place each second (live-painter.ts) and React renders it again only
 * when its width or colour changes; elsewhere (tests, a dashboard that is not full screen) it
 * re-renders whenever its text changes. It is a box of its own, never inside a <Line>: the
 * painter finds it on screen through the layout.
 */
import {Box, Transform, type DOMElement} from 'ink';
import {useLayoutEffect, useReducer, useRef, useState} from 'react';
import {useClockSelect} from '../hooks/use-clock.js';
import {useDashboard} from '../hooks/use-dashboard.js';
import {useLatest} from '../hooks/use-latest.js';
import type {LiveCell, LiveValue} from '../live-painter.js';
import {Tinted} from './line.js';

export function LiveText({value}: {value: (now: number) => LiveValue}) {
	const {ticker, painter} = useDashboard();
	const latest = useLatest(value);
	const box = useRef<DOMElement>(null);
	const [, rerender] = useReducer((count: number) => count + 1, 0);
	const [cell] = useState<LiveCell>(() => ({
		node: () => box.current,
		read: () => latest.current(ticker.now()),
		rerender,
	}));
	// Without the painter, React renders the cell again whenever its text or colour changes. With
	// it, the painter's tick renders again every cell it could not paint (a new width or colour
	// among them), so the clock need not be read here a second time.
	useClockSelect(now => {
		if (painter) {
			return '';
		}

		const current = value(now);
		return `${current.tone ?? ''}:${current.text}`;
	});
	useLayoutEffect(() => painter?.track(cell), [painter, cell]);

	const rendered = value(ticker.now());
	const text = <Tinted tone={rendered.tone}>{rendered.text}</Tinted>;
	return (
		<Box ref={box} flexShrink={0}>
			{painter
				? <Transform transform={line => painter.transform(cell, line, rendered, value(ticker.now()))}>{text}</Transform>
				: text}
		</Box>
	);
}
