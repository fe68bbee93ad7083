/**
 * The bottom line: the current screen's keys from the keymap, as many as fit. When they do not
 * all fit, the last ones go first, but "? keys" and "q quit" always stay so the rest can be found.
 */
import {Text} from 'ink';
import {Fragment} from 'react';
import type {Binding} from '../keymap.js';
import {Line, Tinted} from './line.js';

const separator = '  ';
const alwaysShown = new Set(['help', 'quit']);

export function fittingHints(bindings: readonly Binding[], width: number): Binding[] {
	const hinted = bindings.filter(binding => binding.hint !== undefined);
	const length = (items: Binding[]) =>
		items.reduce((sum, item) => sum + [...hintKeys(item)].length + 1 + [...item.hint!].length, 0) + Math.max(0, items.length - 1) * separator.length;
	const shown = [...hinted];
	while (length(shown) > width) {
		const dropIndex = shown.findLastIndex(item => !alwaysShown.has(item.action));
		if (dropIndex === -1) {
			break;
		}

		shown.splice(dropIndex, 1);
	}

	return shown;
}

/** The binding's keys as the hint bar shows them: arrows in pairs, the first of the rest. */
export function hintKeys(binding: Binding): string {
	if (binding.keys.startsWith('↓')) {
		return '↑↓';
	}

	if (binding.keys.startsWith('→')) {
		return '←→';
	}

	return binding.keys.split(' ')[0]!;
}

export function KeyHints({bindings, width}: {bindings: readonly Binding[]; width: number}) {
	const shown = fittingHints(bindings, width);
	return (
		<Line>
			{shown.map((binding, index) => (
				<Fragment key={binding.action}>
					{index > 0 ? <Text>{separator}</Text> : null}
					<Tinted bold tone="accent">{hintKeys(binding)}</Tinted>
					<Tinted tone="muted">{` ${binding.hint!}`}</Tinted>
				</Fragment>
			))}
		</Line>
	);
}
