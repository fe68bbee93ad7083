/**
 * The sign-in screen's state: a fold over the SignInEvent stream plus what the screen decides
 * itself (the code ran out, the user cancelled, a key's outcome).
 */
import type {DeviceCodeIssued, SignInEvent} from '../../model/sign-in-events.js';
import {describeError} from '../describe-error.js';
import type {Notice} from '../notice.js';

export type SignInPhase = 'starting' | 'waiting' | 'succeeded' | 'failed' | 'expired';

export interface SignInState {
	phase: SignInPhase;
	/** Bumped to start over with a fresh code. */
	attempt: number;
	code: DeviceCodeIssued | undefined;
	polls: number;
	interval: number | undefined;
	nextPollAt: number | undefined;
	/** Set once the server asked to slow down: the interval it is now. */
	slowedTo: number | undefined;
	/** The last poll failed on the network and is being retried. */
	retrying: {attempt: number; reason: string} | undefined;
	browser: {url: string; opened: boolean} | undefined;
	warnings: string[];
	error: string | undefined;
	notice: Notice | undefined;
}

export type SignInAction =
	| {type: 'event'; event: SignInEvent}
	| {type: 'stream-failed'; error: unknown}
	| {type: 'stream-ended'}
	| {type: 'code-expired'}
	| {type: 'retry'}
	| {type: 'notice'; notice: Notice};

export const initialSignInState: SignInState = {
	phase: 'starting',
	attempt: 0,
	code: undefined,
	polls: 0,
	interval: undefined,
	nextPollAt: undefined,
	slowedTo: undefined,
	retrying: undefined,
	browser: undefined,
	warnings: [],
	error: undefined,
	notice: undefined,
};

export function signInReducer(state: SignInState, action: SignInAction): SignInState {
	switch (action.type) {
		case 'event': {
			return foldEvent(state, action.event);
		}

		case 'stream-failed': {
			return isOver(state) ? state : {...state, phase: 'failed', error: describeError(action.error)};
		}

		case 'stream-ended': {
			return isOver(state) ? state : {...state, phase: 'failed', error: 'The sign-in ended without an answer. Press Enter to try again.'};
		}

		case 'code-expired': {
			return isOver(state) ? state : {...state, phase: 'expired'};
		}

		case 'retry': {
			return {...initialSignInState, attempt: state.attempt + 1};
		}

		case 'notice': {
			return {...state, notice: action.notice};
		}
	}
}

function isOver(state: SignInState): boolean {
	return state.phase === 'succeeded' || state.phase === 'failed' || state.phase === 'expired';
}

function foldEvent(state: SignInState, event: SignInEvent): SignInState {
	if (isOver(state)) {
		return state;
	}

	switch (event.type) {
		case 'code': {
			return {...state, phase: 'waiting', code: event, interval: event.interval, nextPollAt: undefined};
		}

		case 'pending': {
			return {...state, polls: event.polls, interval: event.interval, nextPollAt: event.nextPollAt, retrying: undefined};
		}

		case 'slow-down': {
			return {...state, polls: event.polls, interval: event.interval, nextPollAt: event.nextPollAt, slowedTo: event.interval, retrying: undefined};
		}

		case 'retrying': {
			return {...state, polls: event.polls, nextPollAt: event.nextPollAt, retrying: {attempt: event.attempt, reason: event.reason}};
		}

		case 'browser': {
			return {...state, phase: 'waiting', browser: {url: event.url, opened: event.opened}};
		}

		case 'warning': {
			return {...state, warnings: [...state.warnings, event.message]};
		}

		case 'success': {
			return {...state, phase: 'succeeded'};
		}

		case 'failure': {
			return {...state, phase: 'failed', error: describeError(event.error)};
		}
	}
}
