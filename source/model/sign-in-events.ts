/**
 * The sign-in loops emit these events; the dashboard, the plain CLI and the tests all watch
 * the same stream, so there is one polling loop and many views of it.
 */
import type {MsidError} from './errors.js';

export interface DeviceCodeIssued {
	type: 'code';
	userCode: string;
	verificationUri: string;
	verificationUriComplete?: string;
	/** The server's own (localised) instructions. */
	message?: string;
	/** Epoch ms at which the device code stops working. */
	expiresAt: number;
	/** Seconds between polls. */
	interval: number;
}

export type SignInEvent =
	| DeviceCodeIssued
	| {type: 'pending'; polls: number; interval: number; nextPollAt: number}
	| {type: 'slow-down'; polls: number; interval: number; nextPollAt: number}
	| {type: 'retrying'; polls: number; attempt: number; reason: string; nextPollAt: number}
	/** Browser flow: the URL the user must open (printed when no browser could be started). */
	| {type: 'browser'; url: string; opened: boolean}
	| {type: 'warning'; code: string; message: string}
	| {type: 'success'; accountId: string; accountName: string}
	| {type: 'failure'; error: MsidError};
