// oidc-provider ships no type declarations and @types/oidc-provider is not installed.
// These cover only what msid's test helpers use; everything else stays `unknown`.
declare module 'oidc-provider' {
	import type {IncomingMessage, ServerResponse} from 'node:http';

	export interface OidcContext {
		route?: string;
		params?: Record<string, unknown>;
		body?: Record<string, unknown>;
		client?: {clientId: string};
	}

	/** The slice of a Koa context the helpers read and write. */
	export interface ProviderContext {
		method: string;
		path: string;
		querystring: string;
		status: number;
		body: unknown;
		type: string;
		respond?: boolean;
		req: IncomingMessage;
		res: ServerResponse;
		oidc: OidcContext;
	}

	export type Middleware = (ctx: ProviderContext, next: () => Promise<void>) => Promise<void>;

	export interface InteractionDetails {
		uid: string;
		prompt: {name: string; reasons: string[]; details: Record<string, unknown>};
		params: Record<string, unknown> & {client_id: string};
		session?: {accountId: string; uid: string};
		grantId?: string;
	}

	export interface AdapterPayload {
		[key: string]: unknown;
		accountId?: string;
		grantId?: string;
		userCode?: string;
		uid?: string;
		consumed?: number;
	}

	export interface Adapter {
		upsert(id: string, payload: AdapterPayload, expiresIn?: number): Promise<void>;
		find(id: string): Promise<AdapterPayload | undefined>;
		findByUserCode(userCode: string): Promise<AdapterPayload | undefined>;
		findByUid(uid: string): Promise<AdapterPayload | undefined>;
		consume(id: string): Promise<void>;
		destroy(id: string): Promise<void>;
		revokeByGrantId(grantId: string): Promise<void>;
	}

	export class Grant {
		constructor(input: {accountId: string; clientId: string});
		static find(id: string): Promise<Grant | undefined>;
		accountId: string;
		clientId: string;
		addOIDCScope(scope: string): void;
		addOIDCClaims(claims: string[]): void;
		addResourceScope(resource: string, scope: string): void;
		save(): Promise<string>;
		destroy(): Promise<void>;
	}

	export interface GrantBoundModel {
		revokeByGrantId(grantId: string): Promise<void>;
	}

	export interface InteractionResult {
		[key: string]: unknown;
	}

	export class Provider {
		constructor(issuer: string, configuration?: Record<string, unknown>);
		readonly issuer: string;
		callback(): (request: IncomingMessage, response: ServerResponse) => void;
		use(middleware: Middleware): this;
		on(event: string, listener: (...arguments_: any[]) => void): this;
		interactionDetails(request: IncomingMessage, response: ServerResponse): Promise<InteractionDetails>;
		interactionFinished(
			request: IncomingMessage,
			response: ServerResponse,
			result: InteractionResult,
			options?: {mergeWithLastSubmission?: boolean},
		): Promise<void>;
		Grant: typeof Grant;
		AccessToken: GrantBoundModel;
		RefreshToken: GrantBoundModel;
		AuthorizationCode: GrantBoundModel;
		DeviceCode: GrantBoundModel;
	}

	export const errors: {
		InvalidTarget: new (description?: string) => Error;
	};
}
