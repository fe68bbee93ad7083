import {setTimeout as delay} from 'node:timers/promises';
import {AadstsError} from './aadsts-error.js';
import {faultError, type Fault} from './faults.js';
import {send, sendAadstsError, sendHtml, type Exchange} from './http.js';
import type {EmulatorContext} from './context.js';

/**
 * Acts out `fault` on this exchange. Answers true when the fault answered (or dropped) the
 * request, false when the normal handler should still run (latency).
 */
export async function applyFault(context: EmulatorContext, exchange: Exchange, fault: Fault): Promise<boolean> {
	switch (fault.kind) {
		case 'latency': {
			// Real time on purpose: this fault is for people and end-to-end runs, not clocked tests.
			await delay(fault.ms);
			return false;
		}

		case 'drop': {
			exchange.request.socket.destroy();
			return true;
		}

		case 'status': {
			const headers: Record<string, string> = fault.retryAfter === undefined ? {} : {'Retry-After': String(fault.retryAfter)};
			const body = fault.body ?? (fault.status === 429 ? 'text' : 'json');
			if (body === 'empty') {
				send(exchange.response, fault.status, undefined, '', headers);
			} else if (body === 'text') {
				send(exchange.response, fault.status, 'text/plain; charset=utf-8', fault.status === 429 ? 'Too Many Requests' : 'Error', headers);
			} else {
				const transient = fault.status >= 500 || fault.status === 429;
				const error = transient
					? new AadstsError('temporarily_unavailable', 90_033, 'A transient error has occurred. Please try again.', fault.status)
					: new AadstsError('invalid_request', 90_100, 'The request could not be processed.', fault.status);
				for (const [name, value] of Object.entries(headers)) {
					exchange.response.setHeader(name, value);
				}

				sendAadstsError(context, exchange, error);
			}

			return true;
		}

		case 'html': {
			sendHtml(
				exchange.response,
				fault.status ?? 200,
				'<!doctype html><html><head><title>Network login</title></head><body><h1>Sign in to the network</h1><p>You must accept the terms of use before you can browse.</p></body></html>',
			);
			return true;
		}

		case 'malformed': {
			send(exchange.response, fault.status ?? 200, 'application/json; charset=utf-8', '{"token_type":"Bearer","access_token":"eyJ0eXAi');
			return true;
		}

		case 'redirect': {
			send(exchange.response, fault.status ?? 307, undefined, '', {Location: fault.location});
			return true;
		}

		case 'aadsts': {
			sendAadstsError(context, exchange, faultError(fault));
			return true;
		}

		case 'slow_down': {
			// Only the device-code poll consumes slow_down; see EmulatorFaults.take.
			return false;
		}
	}
}
