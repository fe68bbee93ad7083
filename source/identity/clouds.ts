import type {Cloud} from '../model/account.js';

export interface CloudEndpoints {
	authorityHost: string;
	graph: string;
	resourceManager: string;
	/** The resource `az account get-access-token` asks for by default (its trailing slash included). */
	azResource: string;
}

export const clouds: Record<Cloud, CloudEndpoints> = {
	global: {
		authorityHost: 'https://login.microsoftonline.com',
		graph: 'https://graph.microsoft.com',
		resourceManager: 'https://management.azure.com',
		azResource: 'https://management.core.windows.net/',
	},
	usgov: {
		authorityHost: 'https://login.microsoftonline.us',
		graph: 'https://graph.microsoft.us',
		resourceManager: 'https://management.usgovcloudapi.net',
		azResource: 'https://management.core.usgovcloudapi.net/',
	},
	china: {
		authorityHost: 'https://login.chinacloudapi.cn',
		graph: 'https://microsoftgraph.chinacloudapi.cn',
		resourceManager: 'https://management.chinacloudapi.cn',
		azResource: 'https://management.core.chinacloudapi.cn/',
	},
};

export function isCloud(value: string): value is Cloud {
	return Object.hasOwn(clouds, value);
}

/** Microsoft Graph Command Line Tools: Microsoft's own public client with device code enabled. */
export const graphCliClientId = '14d82eec-204b-4c2f-b7e8-296a70dab67e';

export const defaultEntraScopes = ['openid', 'profile', 'offline_access', 'User.Read'];
