/**
 * Recorded answers (test/fixtures/entra/*.json, each naming its source) for unit tests of msid's
 * own checks: a fetch that answers one URL with one JSON document and refuses everything else.
 */
import {readFileSync} from 'node:fs';

export function entraFixture<T = Record<string, any>>(name: string): T {
	return JSON.parse(readFileSync(new URL(`../fixtures/entra/${name}`, import.meta.url), 'utf8')) as T;
}

export function serving(url: string, document: unknown): typeof fetch {
	return (async (input: string | URL | Request) => {
		const asked = input instanceof Request ? input.url : String(input);
		if (asked !== url) {
			throw new TypeError(`fetch failed: unexpected request to ${asked}`);
		}

		return Response.json(document);
	}) as typeof fetch;
}
