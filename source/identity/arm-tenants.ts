/**
 * The tenants a signed-in user belongs to, from Azure Resource Manager:
 * `GET {arm}/tenants?api-version=2022-12-01` with a token for ARM, following `nextLink`.
 * The token goes only to the ARM host it was meant for: a nextLink elsewhere is refused.
 */
import {CancelledError, MsidError, type Remedy} from '../model/errors.js';
import {isLoopbackHost} from './loopback.js';

export interface ArmTenant {
	tenantId: string;
	displayName?: string;
	defaultDomain?: string;
	/** Home (member or guest), ProjectedBy (Lighthouse), ManagedBy. */
	tenantCategory?: string;
}

export interface ListTenantsOptions {
	signal?: AbortSignal;
	/** Per request. Default 30 s. */
	timeoutMs?: number;
}

export const armApiVersion = '2022-12-01';

/**
 * ManagedBy and ProjectedBy entries are Azure Lighthouse delegations: Resource Manager lists the
 * tenant because of a delegation, not because the user is a member, so signing in there fails
 * (AADSTS50020). Only the others (Home: member or guest) are tenants to sign in to.
 */
export function isDelegation(tenant: ArmTenant): boolean {
	return tenant.tenantCategory === 'ManagedBy' || tenant.tenantCategory === 'ProjectedBy';
}
const maxPages = 50;

export async function listTenants(fetchImpl: typeof fetch, armEndpoint: string, accessToken: string, options: ListTenantsOptions = {}): Promise<ArmTenant[]> {
	const base = armBase(armEndpoint);
	const tenants: ArmTenant[] = [];
	const seen = new Set<string>();
	let next: URL | undefined = new URL(`tenants?api-version=${armApiVersion}`, base);
	for (let page = 0; next; page++) {
		if (page >= maxPages || seen.has(next.href)) {
			throw new MsidError('bad-response', `Could not list the tenants: ${base.host} kept sending more pages (nextLink loops). Try again later.`);
		}

		seen.add(next.href);
		const body = await getPage(fetchImpl, next, accessToken, base.host, options);
		for (const entry of Array.isArray(body['value']) ? (body['value'] as unknown[]) : []) {
			const tenant = toTenant(entry);
			if (tenant) {
				tenants.push(tenant);
			}
		}

		next = nextPage(body['nextLink'], base);
	}

	return tenants;
}

function armBase(armEndpoint: string): URL {
	let base: URL;
	try {
		base = new URL(armEndpoint.endsWith('/') ? armEndpoint : `${armEndpoint}/`);
	} catch {
		throw new MsidError('invalid-url', `The Resource Manager endpoint "${armEndpoint}" is not a URL.`);
	}

	if (base.protocol !== 'https:' && !(base.protocol === 'http:' && isLoopbackHost(base.hostname))) {
		throw new MsidError('insecure-url', `Refusing to send a token to ${base.origin}: the Resource Manager endpoint must use https.`);
	}

	return base;
}

function nextPage(link: unknown, base: URL): URL | undefined {
	if (typeof link !== 'string' || link === '') {
		return undefined;
	}

	let url: URL;
	try {
		url = new URL(link, base);
	} catch {
		throw new MsidError('bad-response', `Could not list the tenants: ${base.host} sent a nextLink that is not a URL.`);
	}

	if (url.origin !== base.origin) {
		throw new MsidError('bad-response', `Could not list the tenants: ${base.host} sent a nextLink to ${url.host}, and the token is not sent to another host.`);
	}

	return url;
}

async function getPage(fetchImpl: typeof fetch, url: URL, accessToken: string, host: string, options: ListTenantsOptions): Promise<Record<string, unknown>> {
	const signals = [AbortSignal.timeout(options.timeoutMs ?? 30_000), ...(options.signal ? [options.signal] : [])];
	let response: Response;
	try {
		response = await fetchImpl(url, {headers: {authorization: `Bearer ${accessToken}`, accept: 'application/json'}, signal: AbortSignal.any(signals)});
	} catch (error) {
		if (options.signal?.aborted) {
			throw new CancelledError();
		}

		const reason = error instanceof Error && error.name === 'TimeoutError' ? 'the request timed out' : 'network error';
		throw new MsidError('network', `Could not list the tenants at ${host}: ${reason}. Check the network and try again.`, {cause: error});
	}

	const body = (await response.json().catch(() => undefined)) as Record<string, unknown> | undefined;
	if (!response.ok) {
		throw armError(response.status, body, host);
	}

	if (!body || typeof body !== 'object' || !Array.isArray(body['value'])) {
		throw new MsidError('bad-response', `Could not list the tenants: ${host} did not answer with a tenant list (HTTP ${response.status}). Check the Resource Manager endpoint.`);
	}

	return body;
}

function armError(status: number, body: Record<string, unknown> | undefined, host: string): MsidError {
	const error = body?.['error'] as {code?: unknown; message?: unknown} | undefined;
	const code = typeof error?.code === 'string' ? error.code : `HTTP ${status}`;
	const message = typeof error?.message === 'string' ? error.message.split(/\r?\n/)[0]!.slice(0, 300) : undefined;
	const advice = status === 401
		? 'the token was refused (expired, or not for https://management.azure.com).'
		: status === 403
			? 'the account may not list tenants here.'
			: status >= 500
				? 'Resource Manager is having trouble.'
				: 'the request was refused.';
	const remedy: Remedy | undefined = status === 401 ? {kind: 'sign-in'} : status >= 500 ? {kind: 'retry-later'} : undefined;
	return new MsidError(status === 401 ? 'sign-in-required' : 'arm-error', `Could not list the tenants at ${host} (${code}): ${advice}`, {
		...(remedy ? {remedy} : {}),
		facts: {serverCode: code, host, ...(message ? {serverMessage: message} : {})},
	});
}

function toTenant(entry: unknown): ArmTenant | undefined {
	if (typeof entry !== 'object' || entry === null) {
		return undefined;
	}

	const record = entry as Record<string, unknown>;
	if (typeof record['tenantId'] !== 'string' || record['tenantId'] === '') {
		return undefined;
	}

	const text = (name: string) => (typeof record[name] === 'string' && record[name] !== '' ? (record[name] as string) : undefined);
	const displayName = text('displayName');
	const defaultDomain = text('defaultDomain');
	const tenantCategory = text('tenantCategory');
	return {
		tenantId: record['tenantId'],
		...(displayName ? {displayName} : {}),
		...(defaultDomain ? {defaultDomain} : {}),
		...(tenantCategory ? {tenantCategory} : {}),
	};
}
