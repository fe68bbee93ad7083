/**
 * Time left on a token or a code: mm:ss (h:mm:ss from an hour). It turns warn under 5 minutes
 * and bad at expiry, with a marker ("!" and "expired") so the change shows without colour too.
 */
import {expiryState} from '../account-status.js';
import {formatCountdown} from '../format.js';
import {useClock} from '../hooks/use-clock.js';
import type {Tone} from '../theme.js';
import {Tinted} from './line.js';

export function countdownText(expiresAt: number, now: number): {text: string; tone: Tone} {
	const state = expiryState(expiresAt, now);
	if (state === 'expired-refreshable') {
		return {text: 'expired', tone: 'bad'};
	}

	const text = formatCountdown(expiresAt - now);
	return state === 'expiring' ? {text: `${text}!`, tone: 'warn'} : {text, tone: 'ok'};
}

export function Countdown({expiresAt}: {expiresAt: number}) {
	const now = useClock();
	const {text, tone} = countdownText(expiresAt, now);
	return <Tinted tone={tone}>{text}</Tinted>;
}
