import type {Cloud} from '../model/account.js';

export interface CloudEndpoints {
	authorityHost: string;
	/**
	 * The hosts that are one cloud: a token or issuer of any of them belongs to this cloud. MSAL's
	 * instance-discovery metadata (test/fixtures/entra/instance-discovery-metadata.json); the China
	 * cloud signs in at login.chinacloudapi.cn and names login.partner.microsoftonline.cn as issuer.
	 */
	aliases: readonly string[];
	graph: string;
	resourceManager: string;
	/** The resource `az account get-access-token` asks for by default (its trailing slash included). */
	azResource: string;
}

export const clouds: Record<Cloud, CloudEndpoints> = {
	global: {
		authorityHost: 'https://login.microsoftonline.com',
		aliases: ['login.microsoftonline.com', 'login.windows.net', 'login.microsoft.com', 'sts.windows.net'],
		graph: 'https://graph.microsoft.com',
		resourceManager: 'https://management.azure.com',
		azResource: 'https://management.core.windows.net/',
	},
	usgov: {
		authorityHost: 'https://login.microsoftonline.us',
		aliases: ['login.microsoftonline.us', 'login.usgovcloudapi.net'],
		graph: 'https://graph.microsoft.us',
		resourceManager: 'https://management.usgovcloudapi.net',
		azResource: 'https://management.core.usgovcloudapi.net/',
	},
	china: {
		authorityHost: 'https://login.chinacloudapi.cn',
		aliases: ['login.partner.microsoftonline.cn', 'login.chinacloudapi.cn'],
		graph: 'https://microsoftgraph.chinacloudapi.cn',
		resourceManager: 'https://management.chinacloudapi.cn',
		azResource: 'https://management.core.chinacloudapi.cn/',
	},
};

export function isCloud(value: string): value is Cloud {
	return Object.hasOwn(clouds, value);
}

/** The cloud an https authority host belongs to (any of its aliases), if it is a known one. */
export function cloudOfHost(url: URL): Cloud | undefined {
	if (url.protocol !== 'https:' || url.port !== '') {
		return undefined;
	}

	const host = url.hostname.toLowerCase();
	return (Object.keys(clouds) as Cloud[]).find(cloud => clouds[cloud].aliases.includes(host));
}

/** Microsoft Graph Command Line Tools: Microsoft's own public client with device code enabled. */
export const graphCliClientId = '14d82eec-204b-4c2f-b7e8-296a70dab67e';

export const defaultEntraScopes = ['openid', 'profile', 'offline_access', 'User.Read'];
