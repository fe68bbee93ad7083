/**
 * `/__emulator/*`: the fault switches over HTTP, for an emulator running in another process
 * (`msid demo`, end-to-end tests). Same operations as `Emulator.faults`.
 */
import {FAULT_ENDPOINTS, type Fault, type FaultEndpoint} from './faults.js';
import {readJson, sendJson, type Exchange} from './http.js';
import type {EmulatorContext} from './context.js';

const FAULT_KINDS = new Set<Fault['kind']>(['slow_down', 'status', 'drop', 'html', 'malformed', 'latency', 'aadsts', 'redirect']);

type ControlAction = (context: EmulatorContext, body: Record<string, unknown>) => unknown;

const ACTIONS = new Map<string, ControlAction>([
	[
		'POST faults',
		(context, body) => {
			context.faults.enqueue(faultEndpoint(body['endpoint']), fault(body['fault']), typeof body['times'] === 'number' ? body['times'] : 1);
			return {ok: true};
		},
	],
	['POST clear', context => (context.faults.clear(), {ok: true})],
	['POST skew', (context, body) => (context.faults.setDateSkew(number(body['ms'], 'ms')), {ok: true})],
	['POST decline', (context, body) => (context.faults.decline(text(body['userCode'], 'userCode')), {ok: true})],
	['POST expire', (context, body) => (context.faults.expire(text(body['userCode'], 'userCode')), {ok: true})],
	['POST revoke', (context, body) => ({revoked: context.faults.revokeRefreshTokens(typeof body['username'] === 'string' ? body['username'] : undefined)})],
	['POST require-claims', (context, body) => (context.faults.requireClaims(typeof body['value'] === 'string' ? body['value'] : undefined), {ok: true})],
	['POST revoke-sessions', (context, body) => ({revoked: context.faults.revokeSessions(typeof body['username'] === 'string' ? body['username'] : undefined)})],
	['POST refuse-consent', (context, body) => (context.faults.refuseConsent(typeof body['resource'] === 'string' ? body['resource'] : undefined), {ok: true})],
	['POST refuse-guests', (context, body) => (context.faults.refuseGuests(typeof body['tenantId'] === 'string' ? body['tenantId'] : undefined), {ok: true})],
	['GET stats', context => ({requests: context.stats.requests})],
	[
		'GET directory',
		context => ({
			tenants: context.directory.tenants,
			users: context.directory.users.map(({username, displayName, memberships}) => ({username, displayName, memberships})),
			clients: context.directory.clients.map(({clientId, displayName, kind, allowPublicClientFlows}) => ({clientId, displayName, kind, allowPublicClientFlows})),
		}),
	],
]);

export async function handleControl(context: EmulatorContext, exchange: Exchange): Promise<void> {
	const name = exchange.url.pathname.slice('/__emulator/'.length);
	const action = ACTIONS.get(`${exchange.request.method ?? 'GET'} ${name}`);
	if (!action) {
		sendJson(exchange.response, 404, {error: `No control operation ${exchange.request.method ?? ''} /__emulator/${name}.`});
		return;
	}

	try {
		const body = exchange.request.method === 'POST' ? await readJson(exchange.request) : {};
		sendJson(exchange.response, 200, action(context, body));
	} catch (error) {
		sendJson(exchange.response, 400, {error: error instanceof Error ? error.message : String(error)});
	}
}

function faultEndpoint(value: unknown): FaultEndpoint {
	const endpoint = FAULT_ENDPOINTS.find(candidate => candidate === value);
	if (!endpoint) {
		throw new TypeError(`"endpoint" must be one of ${FAULT_ENDPOINTS.join(', ')}.`);
	}

	return endpoint;
}

function fault(value: unknown): Fault {
	const kind = typeof value === 'object' && value !== null ? (value as {kind?: unknown}).kind : undefined;
	if (typeof kind !== 'string' || !FAULT_KINDS.has(kind as Fault['kind'])) {
		throw new TypeError(`"fault.kind" must be one of ${[...FAULT_KINDS].join(', ')}.`);
	}

	return value as Fault;
}

function number(value: unknown, name: string): number {
	if (typeof value !== 'number' || !Number.isFinite(value)) {
		throw new TypeError(`"${name}" must be a number.`);
	}

	return value;
}

function text(value: unknown, name: string): string {
	if (typeof value !== 'string' || value === '') {
		throw new TypeError(`"${name}" must be a non-empty string.`);
	}

	return value;
}
