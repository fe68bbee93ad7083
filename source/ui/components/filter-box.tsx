import {Line, Tinted} from './line.js';

/** "/ text_" while typing a filter; the kept filter afterwards, so the list is not mistaken for all accounts. */
export function FilterBox({text, editing}: {text: string; editing: boolean}) {
	return (
		<Line>
			<Tinted bold tone="accent">/ </Tinted>
			{text}
			{editing ? <Tinted tone="accent">_</Tinted> : <Tinted tone="muted"> (Esc clears)</Tinted>}
		</Line>
	);
}
