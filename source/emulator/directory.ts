/**
 * Who exists in the emulated identity platform: tenants, users, app registrations and the
 * resources (APIs) whose scopes apps ask for. Plain data, so tests can build their own.
 */
import {createSelfSignedCertificate, type CertificateBundle} from './x509.js';

export interface Tenant {
	id: string;
	/** The verified domain, e.g. `contoso.onmicrosoft.com`; also accepted as the tenant path segment. */
	domain: string;
	displayName: string;
	/** A workforce tenant when absent; `b2c` (Azure AD B2C) and `ciam` (External ID) issue under their own issuer forms (issuers.ts). */
	kind?: 'b2c' | 'ciam';
}

export interface TenantMembership {
	tenantId: string;
	/** The user object's id in that tenant: a guest has a different oid than at home, as in Entra. */
	oid: string;
	home?: boolean;
}

export interface User {
	username: string;
	password: string;
	displayName: string;
	givenName?: string;
	surname?: string;
	memberships: TenantMembership[];
	/** Azure Lighthouse delegations: tenants Resource Manager lists for the user (ProjectedBy, ManagedBy) without a membership. */
	delegations?: Array<{tenantId: string; category: 'ProjectedBy' | 'ManagedBy'}>;
}

export interface ClientCertificate {
	/** PEM of the registered certificate: what the app registration holds. */
	certificatePem: string;
	/** PEM (PKCS#8) of its private key, for tests that sign client assertions. Never needed by the emulator itself. */
	privateKeyPem?: string;
}

export interface Client {
	clientId: string;
	displayName: string;
	kind: 'public' | 'confidential';
	/** "Allow public client flows": device code and password grants without a client credential. */
	allowPublicClientFlows: boolean;
	secrets: string[];
	certificates: ClientCertificate[];
	/** Registered redirect URIs: matched exactly, except the port of an http loopback URI (redirect-uris.ts). */
	redirectUris: string[];
	/** Delegated permissions consented ahead of time, per resource identifier: what `{resource}/.default` yields. */
	staticScopes: Record<string, string[]>;
	/** Application permissions with admin consent, per resource identifier: the `roles` of app-only tokens. */
	appRoles: Record<string, string[]>;
	/** The service principal's object id: `oid` of app-only tokens. */
	servicePrincipalId: string;
	/** A member of Microsoft's family of client ids: its token answers carry `"foci": "1"`. */
	foci?: boolean;
}

export interface Resource {
	appId: string;
	/** Application ID URI, e.g. `https://graph.microsoft.com` or `api://msid-demo`. */
	identifier: string;
	/** Further identifier URIs of the same API, each matched exactly (trailing slash included). */
	aliases?: string[];
	displayName: string;
	/** Delegated scopes that exist; `'any'` accepts any well-formed name (Graph has hundreds). */
	scopes: string[] | 'any';
	/** With `scopes: 'any'`: permissions whose spelling the answer corrects, as Entra answers `user.read` with `User.Read`. */
	knownScopes?: string[];
}

export interface Directory {
	tenants: Tenant[];
	users: User[];
	clients: Client[];
	resources: Resource[];
	/** Shown on the sign-in pages so a person trying the demo can sign in; absent for custom directories. */
	passwordHints?: boolean;
	/** The certificate client's key pair, so tests can sign client assertions. */
	certificate?: CertificateBundle;
}

export const CONTOSO_TENANT_ID = 'c0a7e1d5-2f4b-4b8e-9d3a-1f6e5c4b3a21';
export const FABRIKAM_TENANT_ID = 'fab71ca2-6d0e-4c3b-8a9f-2e1d0c9b8a74';
/** The tenant of personal Microsoft accounts (`consumers`). */
export const CONSUMERS_TENANT_ID = '9188040d-6c67-4c5b-b112-36a304b66dad';

/** An Azure AD B2C tenant: reached through its user flows (`/fabrikamb2c.onmicrosoft.com/B2C_1_susi/...`). */
export const FABRIKAM_B2C_TENANT_ID = 'b2c0fab2-7e1d-4c3b-9a8f-6d5e4c3b2a10';
/** An external (Entra External ID, "CIAM") tenant. */
export const CONTOSO_CIAM_TENANT_ID = 'c1a30c0e-5b2d-4e8f-a6c4-3d2e1f0a9b8c';

export const ALICE = {username: 'alice@contoso.onmicrosoft.com', password: 'alice-demo-password', oid: 'a11ce000-0000-4000-8000-00000000a11c', fabrikamOid: 'a11ce000-0000-4000-8000-0000000fab71'} as const;
export const BOB = {username: 'bob@contoso.onmicrosoft.com', password: 'bob-demo-password', oid: 'b0b00000-0000-4000-8000-000000000b0b'} as const;

/** A customer of the B2C tenant (a local account, named by email), and one of the external tenant. */
export const CAROL = {username: 'carol@example.com', password: 'carol-demo-password', oid: 'ca201000-0000-4000-8000-0000000ca201'} as const;
export const DANA = {username: 'dana@example.org', password: 'dana-demo-password', oid: 'da4a0000-0000-4000-8000-00000000da4a'} as const;

/** Microsoft Graph Command Line Tools: Microsoft's public client, device code enabled. */
export const GRAPH_CLI_CLIENT_ID = '14d82eec-204b-4c2f-b7e8-296a70dab67e';
/** Microsoft Azure CLI: a public client in the family of client ids (FOCI), as `az login` uses it. */
export const AZURE_CLI_CLIENT_ID = '04b07795-8ddb-461a-bbee-02f9e1bf7b46';
/** A public client whose registration has "Allow public client flows" off: device code fails with AADSTS7000218. */
export const NO_PUBLIC_FLOWS_CLIENT_ID = 'de5c0de0-0000-4000-8000-0000000d15a0';
export const SECRET_CLIENT_ID = '5ec7e7c1-0000-4000-8000-0000005ec7e7';
export const SECRET_CLIENT_SECRET = 'msid-demo-secret~do-not-use-in-production';
export const CERTIFICATE_CLIENT_ID = 'ce47c1e0-0000-4000-8000-000000ce47c1';
/** A public client registered in the portal: its only redirect URI is `http://localhost`. */
export const LOCALHOST_CLIENT_ID = '10ca1c05-0000-4000-8000-00000010ca1c';
/** A public client whose only redirect URI is `http://127.0.0.1` (registered through the API or manifest). */
export const LOOPBACK_IP_CLIENT_ID = '12700001-0000-4000-8000-000000127001';

/** The B2C tenant's app (a public client, `http://localhost`); its own id as scope asks for a token for itself, as B2C does. */
export const B2C_CLIENT_ID = 'b2cc1e47-0000-4000-8000-0000000b2cc1';
/** The external tenant's app: a public client with public client flows (device code) on. */
export const CIAM_CLIENT_ID = 'c1a3c1e4-0000-4000-8000-0000000c1a3c';

export const GRAPH_APP_ID = '00000003-0000-0000-c000-000000000000';
export const GRAPH_RESOURCE = 'https://graph.microsoft.com';
export const ARM_APP_ID = '797f4846-ba00-4fd7-ba43-dac1f8f63013';
export const ARM_RESOURCE = 'https://management.azure.com';
/** Resource Manager's identifier URIs, each exact (az asks for the classic one, with its slash). */
export const ARM_IDENTIFIERS = [ARM_RESOURCE, `${ARM_RESOURCE}/`, 'https://management.core.windows.net/'];
export const DEMO_API_RESOURCE = 'api://msid-demo';
/** Azure DevOps: its application id is the resource clients name (`499b84ac-.../.default`). */
export const AZURE_DEVOPS_RESOURCE = '499b84ac-1321-427f-aa17-267ca6975798';
/** Azure Kubernetes Service AAD Server: the audience of AKS-managed Entra integration. */
export const AKS_SERVER_RESOURCE = '6dae42f8-4368-4678-94ff-3960e28e3630';

/** The China cloud's identifier URIs of Graph and Resource Manager (same apps, the cloud's own URIs). */
export const CHINA_GRAPH_IDENTIFIERS = ['https://microsoftgraph.chinacloudapi.cn', 'https://microsoftgraph.chinacloudapi.cn/'];
export const CHINA_ARM_IDENTIFIERS = ['https://management.chinacloudapi.cn', 'https://management.chinacloudapi.cn/', 'https://management.core.chinacloudapi.cn/'];

/** Graph and Resource Manager also known by the China cloud's identifier URIs. */
export function addChinaIdentifiers(directory: Directory): void {
	const extra: Record<string, string[]> = {[GRAPH_APP_ID]: CHINA_GRAPH_IDENTIFIERS, [ARM_APP_ID]: CHINA_ARM_IDENTIFIERS};
	for (const resource of directory.resources) {
		const identifiers = extra[resource.appId];
		if (identifiers) {
			resource.aliases = [...new Set([...(resource.aliases ?? []), ...identifiers])];
		}
	}
}

let demoCertificate: CertificateBundle | undefined;

/** A fresh demo directory (safe to mutate); its daemon certificate is made once per process, as key generation is slow. */
export function demoDirectory(): Directory {
	demoCertificate ??= createSelfSignedCertificate('msid demo daemon');
	const certificate = demoCertificate;
	return {
		passwordHints: true,
		certificate,
		tenants: [
			{id: CONTOSO_TENANT_ID, domain: 'contoso.onmicrosoft.com', displayName: 'Contoso'},
			{id: FABRIKAM_TENANT_ID, domain: 'fabrikam.onmicrosoft.com', displayName: 'Fabrikam'},
			{id: FABRIKAM_B2C_TENANT_ID, domain: 'fabrikamb2c.onmicrosoft.com', displayName: 'Fabrikam B2C', kind: 'b2c'},
			{id: CONTOSO_CIAM_TENANT_ID, domain: 'contosocustomers.onmicrosoft.com', displayName: 'Contoso Customers', kind: 'ciam'},
		],
		users: [
			{
				username: ALICE.username,
				password: ALICE.password,
				displayName: 'Alice Example',
				givenName: 'Alice',
				surname: 'Example',
				memberships: [
					{tenantId: CONTOSO_TENANT_ID, oid: ALICE.oid, home: true},
					{tenantId: FABRIKAM_TENANT_ID, oid: ALICE.fabrikamOid},
				],
			},
			{
				username: BOB.username,
				password: BOB.password,
				displayName: 'Bob Example',
				givenName: 'Bob',
				surname: 'Example',
				memberships: [{tenantId: CONTOSO_TENANT_ID, oid: BOB.oid, home: true}],
			},
			{username: CAROL.username, password: CAROL.password, displayName: 'Carol Customer', memberships: [{tenantId: FABRIKAM_B2C_TENANT_ID, oid: CAROL.oid, home: true}]},
			{username: DANA.username, password: DANA.password, displayName: 'Dana Customer', memberships: [{tenantId: CONTOSO_CIAM_TENANT_ID, oid: DANA.oid, home: true}]},
		],
		clients: [
			// Microsoft's own registration holds http://localhost and the native client page, no 127.0.0.1.
			publicApp(GRAPH_CLI_CLIENT_ID, 'Microsoft Graph Command Line Tools', true, '14d82eec-0000-4000-8000-00000000c11e', ['http://localhost', 'https://login.microsoftonline.com/common/oauth2/nativeclient']),
			{...publicApp(AZURE_CLI_CLIENT_ID, 'Microsoft Azure CLI', true, '04b07795-0000-4000-8000-0000000a2c11', ['http://localhost']), foci: true},
			publicApp(NO_PUBLIC_FLOWS_CLIENT_ID, 'Contoso Desktop (public client flows off)', false, 'de5c0de0-0000-4000-8000-00000000005b', ['http://localhost']),
			publicApp(LOCALHOST_CLIENT_ID, 'Contoso CLI (redirect http://localhost)', true, '10ca1c05-0000-4000-8000-00000000005b', ['http://localhost']),
			publicApp(LOOPBACK_IP_CLIENT_ID, 'Contoso CLI (redirect http://127.0.0.1)', true, '12700001-0000-4000-8000-00000000005b', ['http://127.0.0.1']),
			publicApp(B2C_CLIENT_ID, 'Fabrikam B2C CLI', false, 'b2cc1e47-0000-4000-8000-00000000005b', ['http://localhost']),
			publicApp(CIAM_CLIENT_ID, 'Contoso Customers CLI', true, 'c1a3c1e4-0000-4000-8000-00000000005b', ['http://localhost']),
			daemonApp(SECRET_CLIENT_ID, 'Contoso Daemon (secret)', {secrets: [SECRET_CLIENT_SECRET], certificates: []}, '5ec7e7c1-0000-4000-8000-00000000005b'),
			daemonApp(
				CERTIFICATE_CLIENT_ID,
				'Contoso Daemon (certificate)',
				{secrets: [], certificates: [{certificatePem: certificate.certificatePem, privateKeyPem: certificate.privateKeyPem}]},
				'ce47c1e0-0000-4000-8000-00000000005b',
			),
		],
		resources: [
			{appId: GRAPH_APP_ID, identifier: GRAPH_RESOURCE, aliases: [`${GRAPH_RESOURCE}/`], displayName: 'Microsoft Graph', scopes: 'any', knownScopes: ['User.Read', 'User.ReadBasic.All', 'User.Read.All', 'Mail.Read', 'Mail.Send', 'Files.Read', 'Calendars.Read']},
			{appId: ARM_APP_ID, identifier: ARM_RESOURCE, aliases: ARM_IDENTIFIERS.slice(1), displayName: 'Windows Azure Service Management API', scopes: ['user_impersonation']},
			{appId: 'ab1de000-0000-4000-8000-0000000ab1de', identifier: DEMO_API_RESOURCE, displayName: 'msid demo API', scopes: ['things.read', 'things.write']},
			{appId: AZURE_DEVOPS_RESOURCE, identifier: AZURE_DEVOPS_RESOURCE, displayName: 'Azure DevOps', scopes: ['user_impersonation']},
			{appId: AKS_SERVER_RESOURCE, identifier: AKS_SERVER_RESOURCE, displayName: 'Azure Kubernetes Service AAD Server', scopes: ['user.read']},
			{appId: B2C_CLIENT_ID, identifier: B2C_CLIENT_ID, displayName: 'Fabrikam B2C CLI', scopes: []},
		],
	};
}

function publicApp(clientId: string, displayName: string, allowPublicClientFlows: boolean, servicePrincipalId: string, redirectUris: string[]): Client {
	return {
		clientId,
		displayName,
		kind: 'public',
		allowPublicClientFlows,
		secrets: [],
		certificates: [],
		redirectUris,
		staticScopes: {
			[GRAPH_RESOURCE]: ['User.Read'],
			[ARM_RESOURCE]: ['user_impersonation'],
			[AZURE_DEVOPS_RESOURCE]: ['user_impersonation'],
			[AKS_SERVER_RESOURCE]: ['user.read'],
		},
		appRoles: {},
		servicePrincipalId,
	};
}

function daemonApp(clientId: string, displayName: string, credentials: Pick<Client, 'secrets' | 'certificates'>, servicePrincipalId: string): Client {
	return {
		clientId,
		displayName,
		kind: 'confidential',
		allowPublicClientFlows: false,
		...credentials,
		redirectUris: ['https://localhost/daemon/signin'],
		staticScopes: {[GRAPH_RESOURCE]: ['User.Read']},
		appRoles: {[GRAPH_RESOURCE]: ['User.Read.All'], [DEMO_API_RESOURCE]: ['Things.Read.All']},
		servicePrincipalId,
	};
}

export function findUser(directory: Directory, username: string): User | undefined {
	const wanted = username.trim().toLowerCase();
	return directory.users.find(user => user.username.toLowerCase() === wanted);
}

export function findClient(directory: Directory, clientId: string): Client | undefined {
	const wanted = clientId.trim().toLowerCase();
	return directory.clients.find(client => client.clientId.toLowerCase() === wanted);
}

export function findTenantById(directory: Directory, id: string): Tenant | undefined {
	return directory.tenants.find(tenant => tenant.id === id);
}

export function homeMembership(user: User): TenantMembership {
	return user.memberships.find(membership => membership.home) ?? user.memberships[0]!;
}

export function membershipIn(user: User, tenantId: string): TenantMembership | undefined {
	return user.memberships.find(membership => membership.tenantId === tenantId);
}

/** Finds the user an access token's `tid` + `oid` name. */
export function findUserByObjectId(directory: Directory, tenantId: string, oid: string): User | undefined {
	return directory.users.find(user => user.memberships.some(membership => membership.tenantId === tenantId && membership.oid === oid));
}
