import type {AccountState} from '../../model/services.js';
import {stateBadges} from '../account-status.js';
import {Tinted} from './line.js';

export function badgeText(state: AccountState, insecureStore: boolean): string {
	return stateBadges[state].label + (insecureStore ? ' file!' : '');
}

/** The state word in its colour, and "file!" when the account's secrets sit in the insecure file store. */
export function Badge({state, insecureStore}: {state: AccountState; insecureStore: boolean}) {
	const badge = stateBadges[state];
	return (
		<>
			<Tinted tone={badge.tone}>{badge.label}</Tinted>
			{insecureStore ? <Tinted bold tone="bad"> file!</Tinted> : null}
		</>
	);
}
