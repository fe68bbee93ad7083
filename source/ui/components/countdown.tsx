/**
 * Time left on a token or a code: mm:ss (h:mm:ss from an hour). It turns warn from `warnAt`
 * (a token: when refresh-rule.ts makes it due; a code: its last 5 minutes) and bad at expiry,
 * with a marker ("!" and "expired") so the change shows without colour too.
 */
import {formatCountdown} from '../format.js';
import {useClock} from '../hooks/use-clock.js';
import type {Tone} from '../theme.js';
import {Tinted} from './line.js';

const codeWarnMs = 5 * 60_000;

export function countdownText(expiresAt: number, now: number, warnAt = expiresAt - codeWarnMs): {text: string; tone: Tone} {
	if (expiresAt <= now) {
		return {text: 'expired', tone: 'bad'};
	}

	const text = formatCountdown(expiresAt - now);
	return now > warnAt ? {text: `${text}!`, tone: 'warn'} : {text, tone: 'ok'};
}

export function Countdown({expiresAt, warnAt}: {expiresAt: number; warnAt?: number}) {
	const now = useClock();
	const {text, tone} = countdownText(expiresAt, now, warnAt);
	return <Tinted tone={tone}>{text}</Tinted>;
}
