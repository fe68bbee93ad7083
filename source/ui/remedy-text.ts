/**
 * A remedy worded for the dashboard: it names the key that does it (from keymap.ts, the one
 * keymap), never a command line.
 */
import type {Remedy, Setting} from '../model/errors.js';
import {mainKeys, type MainAction} from './keymap.js';

/** The add-account form's words for each setting. */
const fields: Record<Setting, string> = {
	provider: 'provider',
	flow: 'sign-in flow',
	cloud: 'cloud',
	tenant: 'tenant',
	issuer: 'issuer',
	'client-id': 'client id',
	scope: 'scopes',
	resource: 'resource',
	audience: 'audience',
	certificate: 'certificate',
	username: 'username',
	name: 'name',
	claims: 'claims',
	account: 'account',
	variable: 'variable',
	header: 'header',
	context: 'kubeconfig context',
	'redirect-uri': 'redirect URI',
};

export function key(action: MainAction): string {
	return mainKeys.find(binding => binding.action === action)!.keys;
}

export function dashboardRemedy(remedy: Remedy): string {
	const retry = `then press ${key('refresh')} to try again`;
	switch (remedy.kind) {
		case 'sign-in': {
			return remedy.account === undefined
				? `Press ${key('add')} to sign in.`
				: `Select ${remedy.account} and press ${key('default')} to sign in again.`;
		}

		case 'give-setting': {
			return remedy.setting === 'account'
				? `Select an account with ${key('up')} ${key('down')}.`
				: `Press ${key('add')} and set the ${fields[remedy.setting]}${remedy.value === undefined ? '' : ` to ${remedy.value}`}.`;
		}

		case 'choose-account': {
			return `Select an account with ${key('up')} ${key('down')} and press ${key('default')} to make it the default.`;
		}

		case 'ask-admin': {
			return `Ask an administrator: ${remedy.what}; ${retry}.`;
		}

		case 'retry-later': {
			return `Press ${key('refresh')} to try again${remedy.at === undefined ? ' later' : ` after ${new Date(remedy.at).toLocaleTimeString()}`}.`;
		}

		case 'check-network': {
			return `Check the network (and any proxy), ${retry}.`;
		}

		case 'fix-file': {
			return `Fix ${remedy.path} or move it away (msid did not change it), ${retry}.`;
		}

		case 'app-registration': {
			return `On the app registration: ${remedy.what}; then press ${key('add')} to sign in again.`;
		}

		case 'allow-directory': {
			return `The dashboard does not choose a directory's token: press ${key('quit')} and allow ${remedy.directory}/.msid.json from a shell there.`;
		}

		case 'install': {
			return `Install ${remedy.what}, ${retry}.`;
		}

		case 'set-variable': {
			return `Set ${remedy.name}${remedy.value === undefined ? '' : `=${remedy.value}`}, press ${key('quit')} and start the dashboard again.`;
		}

		case 'report-bug': {
			return `This is a bug in msid: press ${key('error')} for the full error to report.`;
		}
	}
}
