/**
 * Minting of access tokens, ID tokens and token responses. Claims follow the v2.0 token
 * reference: what msid decodes for display (aud, scp, roles, tid, oid, upn, exp, iat, xms_cc, acrs).
 */
import {createHash, randomBytes} from 'node:crypto';
import {homeMembership, type Client, type Tenant, type TenantMembership, type User} from './directory.js';
import {tenantIssuer} from './issuers.js';
import {signJwt, type JwtPayload} from './jwt.js';
import {grantDelegated, type ScopeRequest} from './scopes.js';
import type {EmulatorContext} from './context.js';

/** How the client proved itself: the `azpacr` / `appidacr` claim (0 public, 1 secret, 2 certificate). */
export type ClientAuthentication = 'none' | 'secret' | 'certificate';

/** A user's sign-in, as a refresh token family remembers it. */
export interface UserSignIn {
	user: User;
	client: Client;
	authTime: number;
	/** Authentication methods references, e.g. `pwd`. */
	amr: string[];
	/** Authentication contexts satisfied at sign-in (conditional access step-up). */
	acrs: string[];
	/** Client capabilities declared at sign-in. */
	xmsCc: string[];
}

export interface TokenResponse {
	token_type: 'Bearer';
	scope: string;
	expires_in: number;
	ext_expires_in: number;
	access_token: string;
	refresh_token?: string;
	foci?: '1';
	id_token?: string;
	client_info?: string;
}

export interface UserTokenOptions {
	signIn: UserSignIn;
	tenant: Tenant;
	membership: TenantMembership;
	request: ScopeRequest;
	clientAuthentication: ClientAuthentication;
	refreshToken?: string;
	nonce?: string;
	/** Capabilities declared by this request (a refresh); the sign-in's when absent (the sign-in's own grant). */
	xmsCc?: string[];
}

export function userTokenResponse(context: EmulatorContext, options: UserTokenOptions): TokenResponse {
	const {signIn, tenant, membership, request} = options;
	const grant = grantDelegated(request, signIn.client);
	const lifetime = context.settings.userTokenLifetimeSeconds();
	const times = tokenTimes(context, lifetime);
	const isGuest = membership.tenantId !== homeMembership(signIn.user).tenantId;
	// Capabilities are declared per request (MSAL sends them with every one); a sign-in's own grant uses the sign-in's.
	const xmsCc = options.xmsCc ?? signIn.xmsCc;
	const person = {
		name: signIn.user.displayName,
		oid: membership.oid,
		preferred_username: signIn.user.username,
		sub: pairwiseSubject(membership.oid, signIn.client.clientId),
		tid: tenant.id,
	};
	const accessClaims: JwtPayload = {
		aud: request.audience,
		iss: tenantIssuer(context, tenant),
		...times,
		amr: signIn.amr,
		...clientClaims(signIn.client, options.clientAuthentication),
		idtyp: 'user',
		...person,
		...(signIn.user.givenName ? {given_name: signIn.user.givenName} : {}),
		...(signIn.user.surname ? {family_name: signIn.user.surname} : {}),
		// Guests carry no upn; `idp` names their home tenant's issuer instead.
		...(isGuest ? {idp: `https://sts.windows.net/${homeMembership(signIn.user).tenantId}/`} : {upn: signIn.user.username}),
		scp: grant.scp.join(' '),
		uti: uniqueTokenId(),
		ver: '2.0',
		...(xmsCc.length > 0 ? {xms_cc: xmsCc} : {}),
		...(signIn.acrs.length > 0 ? {acrs: signIn.acrs} : {}),
	};
	const idToken = request.oidc.has('openid')
		? sign(context, {
				aud: signIn.client.clientId,
				iss: tenantIssuer(context, tenant),
				...tokenTimes(context, 3600),
				...person,
				...(options.nonce === undefined ? {} : {nonce: options.nonce}),
				...(request.oidc.has('email') ? {email: signIn.user.username} : {}),
				uti: uniqueTokenId(),
				ver: '2.0',
			})
		: undefined;
	context.faults.noteIssued(String(accessClaims['uti']), signIn.user.username, context.clock.now());
	return {
		token_type: 'Bearer',
		scope: grant.scope,
		expires_in: lifetime,
		ext_expires_in: lifetime,
		access_token: sign(context, accessClaims),
		...(options.refreshToken ? {refresh_token: options.refreshToken} : {}),
		// Entra marks answers to a client of the family of client ids (test/fixtures/entra/token-foci.json).
		...(signIn.client.foci ? {foci: '1' as const} : {}),
		...(idToken ? {id_token: idToken} : {}),
		// Dropped by the token endpoint unless the request asked for it (client_info=1), as Entra does.
		client_info: clientInfo(signIn.user),
	};
}

/** Entra's client_info: base64url JSON (no padding) of the user's home object id and home tenant. */
function clientInfo(user: User): string {
	const home = homeMembership(user);
	return Buffer.from(JSON.stringify({uid: home.oid, utid: home.tenantId})).toString('base64url');
}

export interface AppTokenOptions {
	client: Client;
	tenant: Tenant;
	audience: string;
	roles: string[];
	clientAuthentication: ClientAuthentication;
}

export function appTokenResponse(context: EmulatorContext, options: AppTokenOptions): TokenResponse {
	const lifetime = context.settings.appTokenLifetimeSeconds;
	const claims: JwtPayload = {
		aud: options.audience,
		iss: tenantIssuer(context, options.tenant),
		...tokenTimes(context, lifetime),
		...clientClaims(options.client, options.clientAuthentication),
		idtyp: 'app',
		oid: options.client.servicePrincipalId,
		...(options.roles.length > 0 ? {roles: options.roles} : {}),
		sub: options.client.servicePrincipalId,
		tid: options.tenant.id,
		uti: uniqueTokenId(),
		ver: '2.0',
	};
	return {
		token_type: 'Bearer',
		scope: `${options.audience}/.default`,
		expires_in: lifetime,
		ext_expires_in: lifetime,
		access_token: sign(context, claims),
	};
}

function sign(context: EmulatorContext, claims: JwtPayload): string {
	return signJwt({kid: context.signingKey.kid, x5t: context.signingKey.kid}, claims, context.signingKey.privateKey);
}

function tokenTimes(context: EmulatorContext, lifetimeSeconds: number): {iat: number; nbf: number; exp: number} {
	const iat = Math.floor(context.clock.now() / 1000);
	return {iat, nbf: iat, exp: iat + lifetimeSeconds};
}

function clientClaims(client: Client, authentication: ClientAuthentication): JwtPayload {
	const acr = {none: '0', secret: '1', certificate: '2'}[authentication];
	return {appid: client.clientId, appidacr: acr, azp: client.clientId, azpacr: acr};
}

/** Entra's `sub` is pairwise: the same user has a different subject in every app. */
function pairwiseSubject(oid: string, clientId: string): string {
	return createHash('sha256').update(`${oid}:${clientId.toLowerCase()}`).digest('base64url').slice(0, 43);
}

function uniqueTokenId(): string {
	return randomBytes(16).toString('base64url');
}
