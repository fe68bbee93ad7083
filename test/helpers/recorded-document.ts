/**
 * For unit tests of msid's own checks against a recorded document (test/fixtures/entra/): a fetch
 * that answers one URL with one JSON document and refuses everything else.
 */

export function serving(url: string, document: unknown): typeof fetch {
	return (async (input: string | URL | Request) => {
		const asked = input instanceof Request ? input.url : String(input);
		if (asked !== url) {
			throw new TypeError(`fetch failed: unexpected request to ${asked}`);
		}

		return Response.json(document);
	}) as typeof fetch;
}
