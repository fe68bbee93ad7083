/**
 * Sample data the dashboard tests and the README's pictures share: a device code as Entra
 * issues it, and an account whose tokens give the scope audit something to say.
 */
import type {DeviceCodeIssued} from '../../../source/model/sign-in-events.js';
import {fakeEpoch, makeAccount, makeToken} from '../../helpers/fake-services.js';

export const sampleDeviceCode: DeviceCodeIssued = {
	type: 'code',
	userCode: 'FQK5HW3UF',
	verificationUri: 'https://microsoft.com/devicelogin',
	message: 'To sign in, use a web browser to open the page https://microsoft.com/devicelogin and enter the code FQK5HW3UF to authenticate.',
	expiresAt: fakeEpoch + (15 * 60_000),
	interval: 5,
};

export function auditedAccount() {
	return makeAccount({
		scopes: ['openid', 'profile', 'offline_access', 'User.Read', 'Calendars.Read'],
		tokens: {
			'a|graph': makeToken({
				scopes: ['openid', 'profile', 'offline_access', 'https://graph.microsoft.com/User.Read', 'Calendars.Read'],
				grantedScopes: ['openid', 'profile', 'email', 'User.Read', 'Mail.Send'],
			}),
			'b|arm': makeToken({
				scopes: ['https://management.azure.com/user_impersonation'],
				grantedScopes: ['https://management.azure.com/user_impersonation'],
				// Expires last, so it is listed second.
				expiresIn: 90 * 60_000,
			}),
		},
	});
}
