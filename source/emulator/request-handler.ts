import {AadstsError} from './aadsts-error.js';
import {applyFault} from './apply-fault.js';
import {FAULT_ENDPOINTS, type FaultEndpoint} from './faults.js';
import {sendAadstsError, sendHtml, sendJson, type Exchange} from './http.js';
import {html, page} from './pages/html.js';
import {findRoute} from './routes.js';
import type {IncomingMessage, ServerResponse} from 'node:http';
import type {EmulatorContext} from './context.js';
import type {RequestRecord} from './stats.js';

/** Every request: Date header (clock + skew), stats, queued faults, then the route; errors become AADSTS bodies. */
export function createRequestHandler(context: EmulatorContext): (request: IncomingMessage, response: ServerResponse) => void {
	return (request, response) => {
		void handle(context, request, response).catch((error: unknown) => {
			// A client that hung up mid-request (a killed process, a timeout) is not a fault here.
			if (request.destroyed || response.destroyed) {
				return;
			}

			process.stderr.write(`msid emulator: ${error instanceof Error ? (error.stack ?? error.message) : String(error)}\n`);
			if (!response.headersSent) {
				sendJson(response, 500, {error: 'server_error', error_description: 'The emulator failed to handle this request.'});
			}
		});
	};
}

async function handle(context: EmulatorContext, request: IncomingMessage, response: ServerResponse): Promise<void> {
	response.setHeader('Date', new Date(context.clock.now() + context.faults.skewMs).toUTCString());
	const url = new URL(request.url ?? '/', context.url);
	const method = request.method ?? 'GET';
	const route = findRoute(url.pathname, method);
	const record: RequestRecord = {endpoint: route?.endpoint ?? 'unknown', method, ...(route?.tenant === undefined ? {} : {tenant: route.tenant}), at: context.clock.now()};
	if (record.endpoint !== 'control') {
		context.stats.requests.push(record);
	}

	const exchange: Exchange = {request, response, url, record};
	if (!route) {
		sendJson(response, 404, {error: 'not_found', error_description: `The emulator has no endpoint at ${url.pathname}.`});
		return;
	}

	const fault = isFaultEndpoint(route.endpoint) ? context.faults.take(route.endpoint) : undefined;
	if (fault && (await applyFault(context, exchange, fault))) {
		return;
	}

	try {
		await route.handle(context, exchange);
	} catch (error) {
		if (!(error instanceof AadstsError)) {
			throw error;
		}

		if (route.presentation === 'page') {
			sendHtml(response, error.status, page('Sign-in error', 'error', html`<h1>Sorry, but we're having trouble signing you in.</h1><p class="error">${error.message}</p>`));
		} else {
			sendAadstsError(context, exchange, error);
		}
	}
}

function isFaultEndpoint(endpoint: string): endpoint is FaultEndpoint {
	return (FAULT_ENDPOINTS as readonly string[]).includes(endpoint);
}
