/**
 * Two symbols oauth4webapi exports for exactly the Entra multi-tenant case but leaves out of
 * its type declarations: `_expectedIssuer` (a per-server issuer resolver for ID tokens) and
 * `_nodiscoverycheck` (accept a discovery document whose issuer is a template).
 */
import * as oauth from 'oauth4webapi';

const internals = oauth as unknown as {_expectedIssuer: symbol; _nodiscoverycheck: symbol};

if (typeof internals._expectedIssuer !== 'symbol' || typeof internals._nodiscoverycheck !== 'symbol') {
	throw new TypeError('This oauth4webapi version lacks the multi-tenant issuer hooks msid relies on.');
}

export const expectedIssuer = internals._expectedIssuer;
export const noDiscoveryCheck = internals._nodiscoverycheck as unknown as URL;
