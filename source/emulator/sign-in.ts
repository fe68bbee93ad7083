import {AadstsError} from './aadsts-error.js';
import {directoryName, type Authority} from './authority.js';
import {findTenantById, findUser, homeMembership, membershipIn, type Client, type Directory, type Tenant, type TenantMembership, type User} from './directory.js';
import type {EmulatorContext} from './context.js';

export interface TenantSession {
	tenant: Tenant;
	membership: TenantMembership;
}

/**
 * The tenant a user's token is for at `authority`: that tenant for a tenant-specific authority
 * (when the user belongs to it), the user's home tenant for `common` / `organizations`.
 * `consumers` is for personal Microsoft accounts, and this directory holds none. A tenant whose
 * guest access is switched off (`faults.refuseGuests`) refuses its guests as if they were not members.
 */
export function tenantFor(context: Pick<EmulatorContext, 'directory' | 'faults'>, authority: Authority, user: User, client: Client): TenantSession {
	const {directory} = context;
	const found = authority.kind === 'tenant' ? membershipIn(user, authority.tenant.id) : signsInAtMulti(directory, authority, user) ? homeMembership(user) : undefined;
	const membership = found && !found.home && context.faults.guestsRefused(found.tenantId) ? undefined : found;
	const tenant = membership && findTenantById(directory, membership.tenantId);
	if (!membership || !tenant) {
		throw userNotInTenant(directory, authority, user, client);
	}

	return {tenant, membership};
}

/** Users who could sign in at `authority`: what the sign-in pages offer. */
export function usersAt(directory: Directory, authority: Authority): User[] {
	if (authority.kind === 'tenant') {
		return directory.users.filter(user => membershipIn(user, authority.tenant.id));
	}

	return directory.users.filter(user => signsInAtMulti(directory, authority, user));
}

/**
 * common/organizations take workforce accounts; consumers is for personal Microsoft accounts,
 * which this directory holds none of. A B2C or External ID customer signs in at its own tenant only.
 */
function signsInAtMulti(directory: Directory, authority: Authority, user: User): boolean {
	return authority.kind === 'multi' && authority.alias !== 'consumers' && findTenantById(directory, homeMembership(user).tenantId)?.kind === undefined;
}

/** AADSTS50126 for a wrong username or password, as the password grant and sign-in pages report it. */
export function checkPassword(directory: Directory, username: string, password: string): User {
	const user = findUser(directory, username);
	if (!user || user.password !== password) {
		throw new AadstsError('invalid_grant', 50_126, 'Error validating credentials due to invalid username or password.');
	}

	return user;
}

function userNotInTenant(directory: Directory, authority: Authority, user: User, client: Client): AadstsError {
	const home = homeMembership(user).tenantId;
	const idp = findTenantById(directory, home) ? `https://sts.windows.net/${home}/` : 'live.com';
	return new AadstsError(
		'invalid_grant',
		50_020,
		`User account '${user.username}' from identity provider '${idp}' does not exist in tenant '${directoryName(authority)}' and cannot access the application '${client.clientId}'(${client.displayName}) in that tenant. The account needs to be added as an external user in the tenant first. Sign out and sign in again with a different Azure Active Directory user account.`,
	);
}
