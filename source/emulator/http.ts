import type {IncomingMessage, ServerResponse} from 'node:http';
import {AadstsError, aadstsBody} from './aadsts-error.js';
import type {EmulatorContext} from './context.js';
import type {RequestRecord} from './stats.js';

/** One request in flight. */
export interface Exchange {
	request: IncomingMessage;
	response: ServerResponse;
	url: URL;
	record: RequestRecord;
}

const MAX_BODY_BYTES = 1024 * 1024;

export function sendJson(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}): void {
	send(response, status, 'application/json; charset=utf-8', JSON.stringify(body), headers);
}

export function sendHtml(response: ServerResponse, status: number, html: string, headers: Record<string, string> = {}): void {
	send(response, status, 'text/html; charset=utf-8', html, headers);
}

export function send(response: ServerResponse, status: number, contentType: string | undefined, body: string, headers: Record<string, string> = {}): void {
	response.writeHead(status, {
		...(contentType ? {'Content-Type': contentType} : {}),
		'Content-Length': String(Buffer.byteLength(body)),
		'Cache-Control': 'no-store, no-cache',
		Pragma: 'no-cache',
		...headers,
	});
	response.end(body);
}

export function redirect(response: ServerResponse, location: string): void {
	send(response, 302, undefined, '', {Location: location});
}

export function sendAadstsError(context: EmulatorContext, exchange: Exchange, error: AadstsError): void {
	const correlationId = exchange.request.headers['client-request-id'];
	sendJson(exchange.response, error.status, aadstsBody(error, context.url, context.clock.now(), typeof correlationId === 'string' ? correlationId : undefined));
}

export async function readBody(request: IncomingMessage): Promise<string> {
	const chunks: Buffer[] = [];
	let size = 0;
	for await (const chunk of request) {
		const buffer = chunk as Buffer;
		size += buffer.length;
		if (size > MAX_BODY_BYTES) {
			throw new AadstsError('invalid_request', 90_014, 'The request body is too large.', 413);
		}

		chunks.push(buffer);
	}

	return Buffer.concat(chunks).toString('utf8');
}

/** OAuth requests are form-encoded; anything else is AADSTS900144-ish for the missing fields. */
export async function readForm(request: IncomingMessage): Promise<URLSearchParams> {
	const body = await readBody(request);
	const type = request.headers['content-type'] ?? '';
	return type.startsWith('application/x-www-form-urlencoded') ? new URLSearchParams(body) : new URLSearchParams();
}

export async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
	const body = await readBody(request);
	if (!body.trim()) {
		return {};
	}

	const parsed: unknown = JSON.parse(body);
	if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed)) {
		throw new TypeError('Expected a JSON object.');
	}

	return parsed as Record<string, unknown>;
}
