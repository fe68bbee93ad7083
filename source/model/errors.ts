/**
 * Every failure msid reports is an MsidError: a stable `code` scripts can match (the `--json`
 * failure output and the exit status carry it), a one-line message that says what happened, and a
 * `remedy` as data. The core never words a remedy for one face: the CLI names a command, the
 * dashboard names a key and msid-env says one line (commands/failure-text.ts,
 * ui/remedy-text.ts, shell-env/failure-text.ts). Messages never carry secrets.
 */

/** docs/cli.md: 1 failure, 2 bad usage, 4 the account needs a sign-in, 130 cancelled. */
export type ExitStatus = 1 | 2 | 4 | 130;

export type ErrorCode =
	| 'usage' | 'cancelled' | 'unexpected' | 'unknown-tenant'
	// Accounts and sign-in state.
	| 'sign-in-required' | 'no-account' | 'no-default-account' | 'unknown-account' | 'ambiguous-account' | 'no-identity'
	// Protocol.
	| 'network' | 'bad-response' | 'unsupported-flow' | 'declined' | 'bad-verification-code' | 'device-code-expired'
	| 'browser-timeout' | 'state-mismatch' | 'code-rejected' | 'tenant-mismatch' | 'bad-claims' | 'bad-claims-challenge'
	| 'invalid-redirect-uri' | 'port-in-use' | 'loopback-unavailable'
	| 'invalid-url' | 'insecure-url' | 'arm-error' | 'interaction-required' | 'throttled' | 'wrong-origin' | 'unknown-api' | `oauth-${string}`
	// Credentials of applications.
	| 'certificate-unreadable' | 'certificate-invalid' | 'certificate-mismatch' | 'certificate-password-required' | 'certificate-password-wrong'
	// Storage.
	| 'config-corrupt' | 'config-invalid' | 'secrets-file-corrupt' | 'secret-incomplete' | 'keychain-unavailable' | 'lock-timeout'
	// Shell plugin and system.
	| 'dir-config-invalid' | 'dir-config-unreadable' | 'hook-missing' | 'invalid-variable-name' | 'value-has-nul'
	| 'clipboard-unavailable' | 'command-failed-to-start' | 'command-not-found' | 'command-not-executable'
	// Handing tokens to other tools (git, kubectl).
	| 'git-failed' | 'credential-unsafe' | 'kubeconfig-not-found' | 'kubeconfig-invalid';

/**
 * A choice the user can make, named by what it means: the CLI words it as its option (`--flow`),
 * the dashboard as its form field.
 */
export type Setting =
	| 'provider' | 'flow' | 'cloud' | 'tenant' | 'issuer' | 'client-id' | 'scope' | 'resource' | 'audience'
	| 'certificate' | 'username' | 'name' | 'claims' | 'account' | 'variable' | 'header' | 'context' | 'redirect-uri';

/** What the user can do about a failure, as data; each face words it its own way. */
export type Remedy =
	/** Sign this account in again (interactively); without an account, sign in for the first time. */
	| {kind: 'sign-in'; account?: string}
	/** Give (or change) a setting; `value` when one value is the answer (flow browser). */
	| {kind: 'give-setting'; setting: Setting; value?: string}
	/** Pick an existing account: name one, or make one the default. */
	| {kind: 'choose-account'; candidates?: readonly string[]}
	/** Only an administrator of the tenant or app can fix it (admin consent, a policy). */
	| {kind: 'ask-admin'; what: string}
	/** Try again later; `at` (epoch ms) when the server said when. */
	| {kind: 'retry-later'; at?: number}
	/** Check the network (connection refused, DNS, a proxy) and try again. */
	| {kind: 'check-network'}
	/** Fix or move away a file msid did not change. */
	| {kind: 'fix-file'; path: string}
	/** Change something on the app registration (public client flows, a redirect URI...). */
	| {kind: 'app-registration'; what: string}
	/** Let a directory's .msid.json choose the token. */
	| {kind: 'allow-directory'; directory: string}
	/** Install or start a program or service msid needs (a clipboard tool, a keyring daemon). */
	| {kind: 'install'; what: string}
	/** Set an environment variable. */
	| {kind: 'set-variable'; name: string; value?: string}
	/** Nothing the user can fix: a bug in msid. */
	| {kind: 'report-bug'};

export type RemedyKind = Remedy['kind'];

/** Facts a face may show or a script may match; never a secret. */
export interface ErrorFacts {
	/** The first line of what the server said (error_description), as sent: faces make it printable. */
	serverMessage?: string;
	/** AADSTS number or OAuth error code, e.g. "AADSTS70008" or "invalid_grant". */
	serverCode?: string;
	account?: string;
	host?: string;
}

export interface MsidErrorOptions {
	cause?: unknown;
	exitCode?: ExitStatus;
	/** A second line with the fix, when the first line cannot hold both. Prefer `remedy`. */
	hint?: string;
	remedy?: Remedy;
	facts?: ErrorFacts;
}

export class MsidError extends Error {
	override readonly name = 'MsidError';

	constructor(
		readonly code: ErrorCode,
		message: string,
		options: MsidErrorOptions = {},
	) {
		super(message, options.cause === undefined ? undefined : {cause: options.cause});
		this.exitCode = options.exitCode ?? (code === 'sign-in-required' ? 4 : 1);
		this.hint = options.hint;
		this.remedy = options.remedy;
		this.facts = options.facts ?? {};
	}

	readonly exitCode: ExitStatus;
	readonly hint: string | undefined;
	readonly remedy: Remedy | undefined;
	readonly facts: ErrorFacts;
}

/** The provider throttles (429): nothing may ask it again before `retryAfterMs` has passed. */
export class ThrottledError extends MsidError {
	constructor(message: string, readonly retryAfterMs: number) {
		super('throttled', message, {remedy: {kind: 'retry-later'}});
	}
}

export class UsageError extends MsidError {
	constructor(message: string, hintOrRemedy?: string | Remedy) {
		super('usage', message, {exitCode: 2, ...(typeof hintOrRemedy === 'string' ? {hint: hintOrRemedy} : hintOrRemedy ? {remedy: hintOrRemedy} : {})});
	}
}

export class CancelledError extends MsidError {
	constructor(message = 'Cancelled.') {
		super('cancelled', message, {exitCode: 130});
	}
}

/** Any thrown value as an MsidError: aborts become cancellations, everything else "unexpected". */
export function asMsidError(error: unknown): MsidError {
	if (error instanceof MsidError) {
		return error;
	}

	if (error instanceof Error && error.name === 'AbortError') {
		return new CancelledError();
	}

	const message = error instanceof Error ? error.message || error.name : String(error);
	return new MsidError('unexpected', `Unexpected error: ${message}`, {cause: error, remedy: {kind: 'report-bug'}});
}
