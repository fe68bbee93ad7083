/**
 * Time left on a token or a code: mm:ss (h:mm:ss from an hour). It turns warn from `warnAt`
 * (a token: when refresh-rule.ts makes it due; a code: its last 5 minutes) and bad at expiry,
 * with a marker ("!" and "expired") so the change shows without colour too.
 */
import {formatCountdown} from '../format.js';
import type {Tone} from '../theme.js';
import {LiveText} from './live-text.js';

const codeWarnMs = 5 * 60_000;

export function countdownText(expiresAt: number, now: number, warnAt = expiresAt - codeWarnMs): {text: string; tone: Tone} {
	if (expiresAt <= now) {
		return {text: 'expired', tone: 'bad'};
	}

	const text = formatCountdown(expiresAt - now);
	return now > warnAt ? {text: `${text}!`, tone: 'warn'} : {text, tone: 'ok'};
}

/** A live countdown: a box of its own, so it sits beside a <Line>, never inside one. */
export function Countdown({expiresAt, warnAt}: {expiresAt: number; warnAt?: number}) {
	return <LiveText value={now => countdownText(expiresAt, now, warnAt)} />;
}
