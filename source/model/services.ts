/**
 * The one object the faces (dashboard, commands, msid-env) are given. The UI receives it
 * through a React context and never imports the libraries behind it, so tests hand it fakes
 * or real services pointed at test servers.
 */
import type {Clock} from './clock.js';
import type {AccountRecord, Cloud, FlowKind, ProviderKind, TokenRecord} from './account.js';
import type {SignInEvent} from './sign-in-events.js';

export type AccountState = 'valid' | 'expiring' | 'expired-refreshable' | 'needs-sign-in';

export interface AccountView {
	record: AccountRecord;
	isDefault: boolean;
	state: AccountState;
	/** Set when the account's secrets are in the insecure file store. */
	insecureStore: boolean;
}

export interface TokenRequest {
	/** Account name, alias, unique prefix or id; the default account when absent. */
	account?: string;
	scopes?: string[];
	/** Entra v1-style resource: becomes `${resource}/.default`. */
	resource?: string;
	tenant?: string;
	/** Refresh even when the cached token is fresh. */
	force?: boolean;
	/** A claims challenge (JSON) to satisfy. */
	claims?: string;
	/**
	 * Declare the cp1 capability and get a continuous access evaluation token (up to 28 h, may be
	 * revoked mid-life): only for a caller that answers claims challenges. Cached apart.
	 */
	cae?: boolean;
	/** Without scopes or resource, ask for what `az account get-access-token` asks for (the cloud's management resource) instead of the account's scopes. */
	azDefault?: boolean;
	signal?: AbortSignal;
}

export interface FreshToken {
	accessToken: string;
	tokenType: string;
	/** Epoch ms. */
	expiresAt: number;
	scopes: string[];
	grantedScopes: string[];
	accountId: string;
	accountName: string;
	tenantId?: string;
	/** True when this call refreshed (or re-requested) the token. */
	refreshed: boolean;
	/** Server clock minus local clock, when it exceeded a minute. */
	clockSkewMs?: number;
	record: TokenRecord;
}

export interface SignInRequest {
	provider?: ProviderKind;
	flow?: FlowKind;
	cloud?: Cloud;
	tenant?: string;
	issuer?: string;
	clientId?: string;
	scopes?: string[];
	audience?: string;
	name?: string;
	claims?: string;
	/** Re-sign-in of an existing account with its own settings. */
	accountId?: string;
	/** --flow client-secret: read from a hidden prompt or stdin, never argv. */
	clientSecret?: string;
	/** --flow certificate: a PEM file with the private key and the certificate. */
	certificatePath?: string;
	certificatePassword?: string;
	/** --flow password. */
	username?: string;
	password?: string;
	/** --flow browser: print the URL instead of starting a browser. */
	noBrowser?: boolean;
	/** --flow browser: the loopback redirect URI the app registration holds (port chosen at run time unless given). */
	redirectUri?: string;
	signal?: AbortSignal;
}

export interface AccountService {
	list(): Promise<AccountView[]>;
	get(nameOrPrefix?: string): Promise<AccountView>;
	setDefault(nameOrPrefix: string, tenant?: string): Promise<AccountView>;
	remove(nameOrPrefix: string): Promise<void>;
	/**
	 * Calls `onChange` shortly after any process (this one included) adds, removes, refreshes or
	 * otherwise changes an account, so a view can list again. Reads no secret. Returns `stop`.
	 */
	watch(onChange: () => void): () => void;
}

export interface TokenService {
	get(request: TokenRequest): Promise<FreshToken>;
}

export interface ClipboardService {
	write(text: string): Promise<void>;
	/** Like write, for a token: marked to stay out of clipboard history and sync where the platform has such a mark. */
	writeSecret(text: string): Promise<void>;
	read(): Promise<string>;
	/**
	 * Empties the clipboard if it still holds what `stillHolds` recognises, or if what it holds
	 * cannot be read back (a terminal's clipboard set by OSC 52): 'cleared'. Otherwise the user
	 * copied something since, which stays, and only msid's own copy is dropped: 'replaced'.
	 */
	clearIf(stillHolds: (current: string) => boolean): Promise<'cleared' | 'replaced'>;
}

export interface BrowserService {
	/** Resolves false when no browser could be started (the caller prints the URL instead). */
	open(url: string): Promise<boolean>;
}

export interface Services {
	accounts: AccountService;
	tokens: TokenService;
	signIn(request: SignInRequest): AsyncIterable<SignInEvent>;
	clipboard: ClipboardService;
	browser: BrowserService;
	clock: Clock;
	/** Which secret store is in use: the views flag 'file' as insecure. */
	storeKind: 'keychain' | 'file' | 'memory';
	/** Whether that store answers (a keychain can be missing or locked); bounded by the store's own timeout. */
	checkStore?(): Promise<StoreCheck>;
}

export type StoreCheck = {ok: true} | {ok: false; error: unknown};
