import {randomUUID} from 'node:crypto';

/**
 * A protocol error the emulator answers with, shaped like the identity platform's:
 * `{error, error_description: "AADSTS70016: ...", error_codes, timestamp, trace_id, correlation_id, error_uri}`.
 * Handlers throw it; the server turns it into the response, so every failure has the real shape.
 */
export class AadstsError extends Error {
	override readonly name = 'AadstsError';

	constructor(
		readonly error: string,
		readonly code: number,
		readonly description: string,
		readonly status = 400,
		/** Extra members of the body, e.g. `claims` for an interaction-required answer. */
		readonly extra: Record<string, unknown> = {},
	) {
		super(`AADSTS${code}: ${description}`);
	}
}

export interface AadstsBody {
	error: string;
	error_description: string;
	error_codes: number[];
	timestamp: string;
	trace_id: string;
	correlation_id: string;
	error_uri: string;
	[extra: string]: unknown;
}

export function aadstsBody(failure: AadstsError, baseUrl: string, now: number, correlationId?: string): AadstsBody {
	const timestamp = entraTimestamp(now);
	const traceId = randomUUID();
	const correlation = correlationId ?? randomUUID();
	return {
		error: failure.error,
		// Entra appends the ids to the description on lines of their own, joined with CRLF;
		// clients that show it verbatim show these too (test/fixtures/entra/*.json).
		error_description: [`AADSTS${failure.code}: ${failure.description}`, `Trace ID: ${traceId}`, `Correlation ID: ${correlation}`, `Timestamp: ${timestamp}`].join('\r\n'),
		error_codes: [failure.code],
		timestamp,
		trace_id: traceId,
		correlation_id: correlation,
		error_uri: `${baseUrl}/error?code=${failure.code}`,
		...failure.extra,
	};
}

/** `2024-05-01 12:34:56Z`: the identity platform's format, not ISO 8601's. */
export function entraTimestamp(now: number): string {
	return new Date(now).toISOString().replace('T', ' ').replace(/\.\d+Z$/, 'Z');
}

export function missingParameter(name: string): AadstsError {
	return new AadstsError('invalid_request', 900_144, `The request body must contain the following parameter: '${name}'.`);
}
