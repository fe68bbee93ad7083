/**
 * The full-screen layout every screen shares: title, body, notice, key hints. It takes exactly
 * the terminal's size and hides whatever a body would draw past it, so a frame never scrolls
 * the terminal or wraps.
 */
import {Box, useWindowSize} from 'ink';
import type {ReactNode} from 'react';
import type {Services, StoreCheck} from '../../model/services.js';
import {useServices} from '../hooks/use-services.js';
import {useStoreCheck} from '../hooks/use-store-status.js';
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
	const store = storeStatus(useServices().storeKind, useStoreCheck());
	const height = bodyHeight(rows);
	return (
		<Box flexDirection="column" width={columns} height={rows} overflow="hidden">
			<TitleBar title={title} status={status ?? store.status} statusTone={statusTone ?? store.statusTone} width={columns} />
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

/**
 * The secret store actually in use, as the title bar shows it: a keychain that does not answer
 * holds nothing, and the file store is flagged as insecure everywhere.
 */
export function storeStatus(storeKind: Services['storeKind'], check: StoreCheck | undefined): {status: string; statusTone: Tone} {
	if (check?.ok === false) {
		return {status: `secrets: none (${storeKind} unavailable, e)`, statusTone: 'bad'};
	}

	switch (storeKind) {
		case 'file': {
			return {status: 'secrets: FILE (insecure)', statusTone: 'bad'};
		}

		case 'memory': {
			return {status: 'secrets: memory (gone on exit)', statusTone: 'warn'};
		}

		case 'keychain': {
			return {status: check === undefined ? 'secrets: keychain…' : 'secrets: keychain', statusTone: 'muted'};
		}
	}
}
