/**
 * The add-account form: a few fields with the defaults docs/cli.md gives `msid login`, so Enter on
 * an untouched form signs in to Entra ID with device code at once. B2C user flows offer no
 * device code: their sign-in opens the browser, as `msid login --provider b2c` does.
 */
import type {SignInRequest} from '../../model/services.js';
import type {ProviderKind} from '../../model/account.js';

export type FieldName = 'provider' | 'tenant' | 'issuer' | 'clientId' | 'audience' | 'scopes' | 'name';

export const providers: readonly ProviderKind[] = ['entra', 'auth0', 'oidc', 'b2c', 'ciam'];

export const fieldLabels: Record<FieldName, string> = {
	provider: 'Provider',
	tenant: 'Tenant',
	issuer: 'Issuer',
	clientId: 'Client id',
	audience: 'Audience',
	scopes: 'Scopes',
	name: 'Name',
};

const placeholders: Partial<Record<FieldName, string>> = {
	clientId: 'Microsoft Graph Command Line Tools',
	audience: 'API identifier (optional)',
	name: 'optional alias',
};

const issuerPlaceholders: Record<Exclude<ProviderKind, 'entra'>, string> = {
	auth0: 'https://your-tenant.auth0.com/',
	oidc: 'https://issuer.example.com/',
	b2c: 'https://TENANT.b2clogin.com/TENANT.onmicrosoft.com/B2C_1_FLOW/v2.0',
	ciam: 'https://TENANT.ciamlogin.com/TENANT.onmicrosoft.com/v2.0',
};

/** Shown greyed in an empty field: what msid uses, or what to type, when the field is empty. */
export function placeholderFor(field: FieldName, provider: ProviderKind): string {
	if (field === 'issuer' && provider !== 'entra') {
		return issuerPlaceholders[provider];
	}

	if (field === 'scopes' && provider === 'b2c') {
		return 'openid offline_access and the client id';
	}

	return placeholders[field] ?? '';
}

/** B2C's default is left to msid login's own (it adds the app's client id), so it starts empty. */
const defaultScopes: Record<ProviderKind, string> = {
	entra: 'openid profile offline_access User.Read',
	auth0: 'openid profile offline_access',
	oidc: 'openid profile offline_access',
	b2c: '',
	ciam: 'openid profile offline_access',
};

const providerNames: Record<Exclude<ProviderKind, 'entra'>, string> = {auth0: 'Auth0', oidc: 'OpenID', b2c: 'B2C', ciam: 'External ID'};

/** How the form's sign-in goes: the browser for B2C, a device code for everything else. */
export function formFlow(provider: ProviderKind): 'browser' | 'device-code' {
	return provider === 'b2c' ? 'browser' : 'device-code';
}

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
			return {error: `${providerNames[state.provider]} sign-in needs the ${state.provider === 'b2c' ? 'user flow\'s authority' : 'issuer'} URL.`};
		}

		if (value('clientId') === '') {
			return {error: 'Enter the client id of your application.'};
		}
	}

	const request: SignInRequest = {provider: state.provider, flow: formFlow(state.provider)};
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
