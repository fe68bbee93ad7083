/** Option values that need more than the parser: shared by the commands that take them. */

/** `--scope "a b" --scope c` is three scopes: OAuth separates scopes with spaces (RFC 6749 §3.3). */
export function splitScopeArgs(values: string[] | undefined): string[] | undefined {
	const scopes = values?.flatMap(value => value.split(/\s+/)).filter(Boolean);
	return scopes?.length ? scopes : undefined;
}
