import {displayWidth} from '../../model/text-width.js';
import {padEnd, truncate} from '../format.js';
import type {Tone} from '../theme.js';
import {Line, Tinted} from './line.js';

/** The top line: what this screen is on the left, a status (the secret store) on the right. */
export function TitleBar({title, status, statusTone, width}: {title: string; status?: string; statusTone?: Tone; width: number}) {
	const right = status ? truncate(status, Math.max(0, width - 12)) : '';
	const left = truncate(title, Math.max(1, width - displayWidth(right) - 1));
	return (
		<Line>
			<Tinted bold tone="title">{padEnd(left, width - displayWidth(right))}</Tinted>
			<Tinted bold={statusTone === 'bad'} tone={statusTone}>{right}</Tinted>
		</Line>
	);
}
