/**
 * The add-account form: a few fields with the defaults docs/cli.md gives `msid login`, so Enter on
 * an untouched form signs in to Entra ID with device code at once.
 */
import type {SignInRequest} from '../../model/services.js';
import type {ProviderKind} from '../../model/account.js';

export type FieldName = 'provider' | 'tenant' | 'issuer' | 'clientId' | 'audience' | 'scopes' | 'name';

export const providers: readonly ProviderKind[] = ['entra', 'auth0', 'oidc'];

export const fieldLabels: Record<FieldName, string> = {
	provider: 'Provider',
	tenant: 'Tenant',
	issuer: 'Issuer',
	clientId: 'Client id',
	audience: 'Audience',
	scopes: 'Scopes',
	name: 'Name',
};

/** Shown greyed in an empty field: what msid uses when the field stays empty. */
export const placeholders: Partial<Record<FieldName, string>> = {
	clientId: 'Microsoft Graph Command Line Tools',
	issuer: 'https://your-tenant.auth0.com/',
	audience: 'API identifier (optional)',
	name: 'optional alias',
};

const defaultScopes: Record<ProviderKind, string> = {
	entra: 'openid profile offline_access User.Read',
	auth0: 'openid profile offline_access',
	oidc: 'openid profile offline_access',
	b2c: 'openid offline_access',
	ciam: 'openid profile offline_access',
};

export function fieldsFor(provider: ProviderKind): FieldName[] {
	switch (provider) {
		case 'entra': {
			return ['provider', 'tenant', 'clientId', 'scopes', 'name'];
		}

		case 'auth0': {
			return ['provider', 'issuer', 'clientId', 'audience', 'scopes', 'name'];
		}

		case 'oidc':
		case 'b2c':
		case 'ciam': {
			return ['provider', 'issuer', 'clientId', 'scopes', 'name'];
		}
	}
}

export interface AddAccountState {
	provider: ProviderKind;
	values: Record<Exclude<FieldName, 'provider'>, string>;
	focus: FieldName;
	error: string | undefined;
}

export type AddAccountAction =
	| {type: 'move'; delta: number}
	| {type: 'cycle-provider'; delta: number}
	| {type: 'type'; text: string}
	| {type: 'erase'}
	| {type: 'invalid'; error: string};

export const initialAddAccountState: AddAccountState = {
	provider: 'entra',
	values: {tenant: 'organizations', issuer: '', clientId: '', audience: '', scopes: defaultScopes.entra, name: ''},
	focus: 'provider',
	error: undefined,
};

export function addAccountReducer(state: AddAccountState, action: AddAccountAction): AddAccountState {
	switch (action.type) {
		case 'move': {
			const fields = fieldsFor(state.provider);
			const index = (fields.indexOf(state.focus) + action.delta + fields.length) % fields.length;
			return {...state, focus: fields[index]!};
		}

		case 'cycle-provider': {
			if (state.focus !== 'provider') {
				return state;
			}

			const provider = providers[(providers.indexOf(state.provider) + action.delta + providers.length) % providers.length]!;
			// Keep scopes the user typed; swap only the previous provider's default.
			const scopes = state.values.scopes === defaultScopes[state.provider] ? defaultScopes[provider] : state.values.scopes;
			return {...state, provider, values: {...state.values, scopes}, error: undefined};
		}

		case 'type': {
			if (state.focus === 'provider') {
				return state;
			}

			return {...state, values: {...state.values, [state.focus]: state.values[state.focus] + action.text}, error: undefined};
		}

		case 'erase': {
			if (state.focus === 'provider') {
				return state;
			}

			return {...state, values: {...state.values, [state.focus]: [...state.values[state.focus]].slice(0, -1).join('')}};
		}

		case 'invalid': {
			return {...state, error: action.error};
		}
	}
}

/** The sign-in request the form describes, or the reason it cannot be sent yet. */
export function toSignInRequest(state: AddAccountState): {request: SignInRequest} | {error: string} {
	const value = (field: Exclude<FieldName, 'provider'>) => state.values[field].trim();
	const scopes = value('scopes').split(/\s+/).filter(Boolean);
	if (state.provider !== 'entra') {
		if (value('issuer') === '') {
			return {error: `${state.provider === 'auth0' ? 'Auth0' : 'OpenID'} sign-in needs the issuer URL.`};
		}

		if (value('clientId') === '') {
			return {error: 'Enter the client id of your application.'};
		}
	}

	const request: SignInRequest = {provider: state.provider, flow: 'device-code'};
	if (state.provider === 'entra') {
		request.tenant = value('tenant') || 'organizations';
	} else {
		request.issuer = value('issuer');
	}

	if (value('clientId') !== '') {
		request.clientId = value('clientId');
	}

	if (scopes.length > 0) {
		request.scopes = scopes;
	}

	if (state.provider === 'auth0' && value('audience') !== '') {
		request.audience = value('audience');
	}

	if (value('name') !== '') {
		request.name = value('name');
	}

	return {request};
}
