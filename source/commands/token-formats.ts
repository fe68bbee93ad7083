/**
 * The output formats of `msid token --format` (docs/cli.md). Pure functions of the token, so other
 * tools' expectations (az, kubectl) are checked without a network.
 */
import type {FreshToken} from '../model/services.js';

export const tokenFormats = ['raw', 'json', 'az', 'k8s'] as const;

export type TokenFormat = (typeof tokenFormats)[number];

export type FormattableToken = Pick<FreshToken, 'accessToken' | 'tokenType' | 'expiresAt' | 'scopes' | 'grantedScopes' | 'accountName' | 'tenantId'>;

export interface FormatOptions {
	/** For `az`: the subscription az would print; az leaves the field out when it has none. */
	subscription?: string;
	/** For `k8s`: the ExecCredential version kubectl asked for (`execCredentialVersion`). */
	k8sApiVersion?: string;
}

const execCredentialVersions = ['client.authentication.k8s.io/v1', 'client.authentication.k8s.io/v1beta1'];

/**
 * kubectl tells an exec plugin which ExecCredential version its kubeconfig names, in
 * KUBERNETES_EXEC_INFO (client-go, since Kubernetes 1.20), and rejects an answer in another
 * one. v1 when kubectl said nothing, or named a version msid does not know.
 */
export function execCredentialVersion(env: NodeJS.ProcessEnv): string {
	try {
		const asked = (JSON.parse(env['KUBERNETES_EXEC_INFO'] ?? '{}') as {apiVersion?: unknown}).apiVersion;
		return typeof asked === 'string' && execCredentialVersions.includes(asked) ? asked : execCredentialVersions[0]!;
	} catch {
		return execCredentialVersions[0]!;
	}
}

export function formatToken(format: TokenFormat, token: FormattableToken, options: FormatOptions = {}): string {
	switch (format) {
		case 'raw': {
			return `${token.accessToken}\n`;
		}

		case 'json': {
			return json({
				accessToken: token.accessToken,
				tokenType: token.tokenType,
				expiresOn: new Date(token.expiresAt).toISOString(),
				expiresOnEpoch: epochSeconds(token),
				// What the token carries; what was asked for when the server did not say.
				scopes: token.grantedScopes.length > 0 ? token.grantedScopes : token.scopes,
				account: token.accountName,
				tenantId: token.tenantId ?? null,
			});
		}

		case 'az': {
			return formatAz(token, options);
		}

		case 'k8s': {
			return json({
				apiVersion: options.k8sApiVersion ?? execCredentialVersions[0],
				kind: 'ExecCredential',
				status: {
					token: token.accessToken,
					// RFC 3339 in UTC, whole seconds, as client-go writes it.
					expirationTimestamp: new Date(epochSeconds(token) * 1000).toISOString().replace(/\.\d{3}Z$/, 'Z'),
				},
			});
		}
	}
}

/**
 * `az account get-access-token`: keys sorted as az prints them, `expiresOn` in local time
 * ("YYYY-MM-DD HH:MM:SS.ffffff", from whole seconds as az does) and `expires_on` an integer.
 */
function formatAz(token: FormattableToken, {subscription}: FormatOptions): string {
	const seconds = epochSeconds(token);
	return json({
		accessToken: token.accessToken,
		expiresOn: localTimestamp(new Date(seconds * 1000)),
		expires_on: seconds,
		...(subscription === undefined ? {} : {subscription}),
		...(token.tenantId === undefined ? {} : {tenant: token.tenantId}),
		tokenType: token.tokenType,
	});
}

function localTimestamp(date: Date): string {
	const pad = (value: number, width = 2) => String(value).padStart(width, '0');
	const day = `${date.getFullYear()}-${pad(date.getMonth() + 1)}-${pad(date.getDate())}`;
	const time = `${pad(date.getHours())}:${pad(date.getMinutes())}:${pad(date.getSeconds())}.${pad(date.getMilliseconds() * 1000, 6)}`;
	return `${day} ${time}`;
}

function epochSeconds(token: FormattableToken): number {
	return Math.floor(token.expiresAt / 1000);
}

function json(value: unknown): string {
	return `${JSON.stringify(value, null, 2)}\n`;
}
