/**
 * Scope audit of one token: what was asked for, what the server granted, what is missing, what
 * came extra and which grants deserve a second look. Pure and synchronous, so the dashboard and
 * `msid scopes` print the same audit from the same inputs.
 */
import {claimRoles, claimScopes, type DisplayedClaims} from './jwt-claims.js';

export interface ScopeAuditInput {
	/** Scopes as requested (the token record's `scopes`). */
	requested: readonly string[];
	/** The token response's `scope`, split (the token record's `grantedScopes`). */
	granted: readonly string[];
	/** The access token's displayed claims, when it is a readable JWT. */
	claims?: DisplayedClaims;
	/** Whether a refresh token came back, when the caller knows. */
	hasRefreshToken?: boolean;
}

export type PermissionKind = 'delegated' | 'application';

export interface RiskyScope {
	scope: string;
	kind: PermissionKind;
	reason: string;
}

export interface ScopeAudit {
	requested: string[];
	/** Union of the response's scopes, the token's `scp` and its `roles`, first spelling kept. */
	granted: string[];
	/** Requested, not granted (OIDC scopes and `.default` excluded: they never show up as grants). */
	missing: string[];
	/** Granted, not requested (empty when `.default` asked for everything consented). */
	extra: string[];
	risky: RiskyScope[];
	/** Application permissions (`roles`): the token works with no user behind it. */
	applicationPermissions: string[];
	offlineAccess: {requested: boolean; present: boolean};
	usesDefault: boolean;
	/** False when neither the response nor the token said what was granted. */
	grantedKnown: boolean;
	notes: string[];
}

/** OpenID Connect scopes shape the ID token and refresh token, never an access token's `scp`. */
const oidcScopes = new Set(['openid', 'profile', 'email', 'offline_access']);

interface RiskRule {
	pattern: RegExp;
	reason: string;
}

/** Most specific first: a scope gets the reason of the first rule it matches. */
export const riskRules: readonly RiskRule[] = [
	{pattern: /^rolemanagement\./, reason: 'Can manage directory roles: a path to Global Administrator'},
	{pattern: /^approleassignment\.readwrite\.all$/, reason: 'Can grant any app, itself included, any permission'},
	{pattern: /^application\.readwrite\./, reason: 'Can add credentials to apps and then act as them'},
	{pattern: /^directory\..*(readwrite|accessasuser)/, reason: 'Can change the whole directory: users, groups, apps'},
	{pattern: /^directory\./, reason: 'Reads the whole directory: users, groups, apps, devices'},
	{pattern: /^policy\.readwrite/, reason: 'Can change tenant policies such as conditional access'},
	{pattern: /^mail\.send/, reason: 'Can send mail as the user'},
	{pattern: /fullcontrol/, reason: 'Full control, including deleting and sharing'},
	{pattern: /^user_impersonation$/, reason: 'Acts as the user with all their rights on the resource'},
	{pattern: /readwrite.*\.all$/, reason: 'Changes data across the tenant, not only your own'},
	{pattern: /\.all$/, reason: 'Reads data across the tenant, not only your own'},
	{pattern: /readwrite|\.write\b|^(write|delete|create|update):|:(write|delete)$/, reason: 'Can change or delete data, not only read it'},
];

const defaultOnAppReason = 'App token with .default: carries every application permission consented to the app';
const applicationReason = 'Application permission: works with no signed-in user';

/**
 * The name a scope is compared by: case folded and without its resource prefix, because
 * `https://graph.microsoft.com/User.Read` in a request is `User.Read` in `scp`.
 */
export function scopeKey(scope: string): string {
	return stripResource(scope.trim()).toLowerCase();
}

function stripResource(scope: string): string {
	// A URI resource (https://graph.microsoft.com/, api://app-id/) or a bare application id.
	if (/^[a-z][\w+.-]*:\/\//i.test(scope) || /^[\da-f]{8}-[\da-f]{4}-[\da-f]{4}-[\da-f]{4}-[\da-f]{12}\//i.test(scope)) {
		const lastSlash = scope.lastIndexOf('/');
		const name = scope.slice(lastSlash + 1);
		return name === '' ? scope : name;
	}

	return scope;
}

export function auditScopes(input: ScopeAuditInput): ScopeAudit {
	const requested = unique(input.requested);
	const scp = claimScopes(input.claims);
	const roles = unique(claimRoles(input.claims));
	const granted = unique([...input.granted, ...scp, ...roles]);
	const grantedKeys = new Set(granted.map(scopeKey));
	const requestedKeys = new Set(requested.map(scopeKey));
	const roleKeys = new Set(roles.map(scopeKey));
	const grantedKnown = granted.length > 0;
	const usesDefault = requestedKeys.has('.default');
	const isAppToken = roles.length > 0 && scp.length === 0;
	const notes: string[] = [];

	const missing = grantedKnown
		? requested.filter(scope => {
			const key = scopeKey(scope);
			return !oidcScopes.has(key) && key !== '.default' && !grantedKeys.has(key);
		})
		: [];

	const extra = grantedKnown && !usesDefault
		? granted.filter(scope => {
			const key = scopeKey(scope);
			return !oidcScopes.has(key) && !requestedKeys.has(key);
		})
		: [];

	const risky: RiskyScope[] = [];
	if (usesDefault && isAppToken) {
		risky.push({scope: requested.find(scope => scopeKey(scope) === '.default')!, kind: 'application', reason: defaultOnAppReason});
	}

	// Judge what the token carries; when that is unknown, judge what was asked for.
	for (const scope of grantedKnown ? granted : requested) {
		const key = scopeKey(scope);
		if (oidcScopes.has(key) || key === '.default') {
			continue;
		}

		const kind: PermissionKind = roleKeys.has(key) ? 'application' : 'delegated';
		const rule = riskRules.find(candidate => candidate.pattern.test(key));
		if (rule) {
			risky.push({scope, kind, reason: kind === 'application' ? `${rule.reason} (as the app, no user)` : rule.reason});
		} else if (kind === 'application') {
			risky.push({scope, kind, reason: applicationReason});
		}
	}

	const offlineRequested = requestedKeys.has('offline_access');
	const offlinePresent = input.hasRefreshToken ?? (grantedKeys.has('offline_access') || offlineRequested);
	if (offlineRequested && input.hasRefreshToken === false) {
		notes.push('offline_access was requested but no refresh token came back.');
	} else if (!offlinePresent && !isAppToken) {
		notes.push('No offline_access: msid cannot refresh this token without a new sign-in.');
	}

	if (!grantedKnown) {
		notes.push('Neither the token response nor the token lists granted scopes: missing and extra are unknown.');
	}

	if (usesDefault) {
		notes.push('.default asks for every permission already consented, so nothing counts as extra.');
	}

	return {
		requested,
		granted,
		missing,
		extra,
		risky,
		applicationPermissions: roles,
		offlineAccess: {requested: offlineRequested, present: offlinePresent},
		usesDefault,
		grantedKnown,
		notes,
	};
}

/** Plain text for `msid scopes` and NO_COLOR terminals: one labelled line per list. */
export function formatAuditText(audit: ScopeAudit): string {
	const list = (scopes: readonly string[]) => (scopes.length > 0 ? scopes.join(' ') : '(none)');
	const lines = [
		`Requested       ${list(audit.requested)}`,
		`Granted         ${audit.grantedKnown ? list(audit.granted) : '(unknown)'}`,
		`Missing         ${list(audit.missing)}`,
		`Extra           ${list(audit.extra)}`,
		`offline_access  ${audit.offlineAccess.present ? 'yes' : 'no'}`,
	];
	if (audit.applicationPermissions.length > 0) {
		lines.push(`App permissions ${list(audit.applicationPermissions)}`);
	}

	if (audit.risky.length === 0) {
		lines.push('Risky           (none)');
	} else {
		lines.push('Risky');
		const width = Math.max(...audit.risky.map(entry => entry.scope.length));
		for (const entry of audit.risky) {
			lines.push(`  ${entry.scope.padEnd(width)}  ${entry.reason}`);
		}
	}

	for (const note of audit.notes) {
		lines.push(`Note: ${note}`);
	}

	return lines.join('\n');
}

export interface ScopeAuditJson {
	requested: string[];
	granted: string[] | null;
	missing: string[];
	extra: string[];
	risky: RiskyScope[];
	applicationPermissions: string[];
	offlineAccess: boolean;
	usesDefault: boolean;
	notes: string[];
}

/** A JSON-ready copy for `msid scopes --json`; `granted` is null when unknown. */
export function auditToJson(audit: ScopeAudit): ScopeAuditJson {
	return {
		requested: [...audit.requested],
		granted: audit.grantedKnown ? [...audit.granted] : null,
		missing: [...audit.missing],
		extra: [...audit.extra],
		risky: audit.risky.map(entry => ({...entry})),
		applicationPermissions: [...audit.applicationPermissions],
		offlineAccess: audit.offlineAccess.present,
		usesDefault: audit.usesDefault,
		notes: [...audit.notes],
	};
}

function unique(scopes: readonly string[]): string[] {
	const seen = new Set<string>();
	const result: string[] = [];
	for (const scope of scopes) {
		const trimmed = scope.trim();
		const key = scopeKey(trimmed);
		if (trimmed !== '' && !seen.has(key)) {
			seen.add(key);
			result.push(trimmed);
		}
	}

	return result;
}
