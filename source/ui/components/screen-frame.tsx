/**
 * The full-screen layout every screen shares: title, body, notice, key hints. It takes exactly
 * the terminal's size and hides whatever a body would draw past it, so a frame never scrolls
 * the terminal or wraps.
 */
import {Box, useWindowSize} from 'ink';
import type {ReactNode} from 'react';
import type {Binding} from '../keymap.js';
import type {Notice} from '../notice.js';
import type {Tone} from '../theme.js';
import {KeyHints} from './key-hints.js';
import {NoticeLine} from './notice-line.js';
import {TitleBar} from './title-bar.js';

export interface BodySize {
	width: number;
	height: number;
}

interface Props {
	title: string;
	status?: string;
	statusTone?: Tone;
	notice: Notice | undefined;
	bindings: readonly Binding[];
	children: (size: BodySize) => ReactNode;
}

export function ScreenFrame({title, status, statusTone, notice, bindings, children}: Props) {
	const {columns, rows} = useWindowSize();
	const height = bodyHeight(rows);
	return (
		<Box flexDirection="column" width={columns} height={rows} overflow="hidden">
			<TitleBar title={title} status={status} statusTone={statusTone} width={columns} />
			<Box flexDirection="column" width={columns} height={height} overflow="hidden">
				{children({width: columns, height})}
			</Box>
			<NoticeLine notice={notice} />
			<KeyHints bindings={bindings} width={columns} />
		</Box>
	);
}

/** Rows left for a screen's body under the title and above the notice and key hints. */
export function bodyHeight(rows: number): number {
	return Math.max(1, rows - 3);
}

/** The secret store as the title bar shows it; the file store is flagged as insecure everywhere. */
export function storeStatus(storeKind: 'keychain' | 'file' | 'memory'): {status: string; statusTone: Tone} {
	if (storeKind === 'file') {
		return {status: 'secrets: FILE (insecure)', statusTone: 'bad'};
	}

	return {status: `secrets: ${storeKind}`, statusTone: 'muted'};
}
