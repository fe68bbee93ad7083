/**
 * A remedy worded for someone at a shell prompt: it names the msid command or option that
 * fixes the failure. Both shell faces use it: the `msid` commands and msid-env.
 */
import type {Remedy, Setting} from '../model/errors.js';
import {printable} from '../model/printable.js';
import {quote} from './quote.js';

const options: Record<Setting, string> = {
	provider: '--provider',
	flow: '--flow',
	cloud: '--cloud',
	tenant: '--tenant',
	issuer: '--issuer',
	'client-id': '--client-id',
	scope: '--scope',
	resource: '--resource',
	audience: '--audience',
	certificate: '--certificate',
	username: '--username',
	name: '--name',
	claims: '--claims',
	account: 'ACCOUNT',
	variable: '--var',
	header: '--header',
	context: '--context',
	'redirect-uri': '--redirect-uri',
};

export function shellRemedy(remedy: Remedy): string {
	switch (remedy.kind) {
		case 'sign-in': {
			return remedy.account === undefined ? 'Run: msid login' : `Run: msid login ${shellWord(remedy.account)}`;
		}

		case 'give-setting': {
			if (remedy.setting === 'account') {
				return 'Name the account (msid list shows them).';
			}

			return `Give ${options[remedy.setting]}${remedy.value === undefined ? '' : ` ${shellWord(remedy.value)}`}.`;
		}

		case 'choose-account': {
			return remedy.candidates?.length
				? `Give more of the name: ${remedy.candidates.map(name => shellWord(name)).join(', ')}.`
				: 'Name an account, or make one the default with msid use ACCOUNT (msid list shows them).';
		}

		case 'ask-admin': {
			return `Ask an administrator: ${remedy.what}.`;
		}

		case 'retry-later': {
			return remedy.at === undefined ? 'Try again later.' : `Try again after ${new Date(remedy.at).toLocaleTimeString()}.`;
		}

		case 'check-network': {
			return 'Check the network (and any proxy), then try again.';
		}

		case 'fix-file': {
			return `Fix or move away ${printable(remedy.path)}; msid did not change it.`;
		}

		case 'app-registration': {
			return `On the app registration: ${remedy.what}.`;
		}

		case 'allow-directory': {
			return `If you trust it, run msid allow in ${shellWord(remedy.directory)}.`;
		}

		case 'install': {
			return `Install ${remedy.what}, or see msid doctor.`;
		}

		case 'set-variable': {
			return remedy.value === undefined ? `Set ${remedy.name}.` : `Set ${remedy.name}=${shellWord(remedy.value)}.`;
		}

		case 'report-bug': {
			return 'This is a bug in msid: please report it (MSID_DEBUG=1 shows the details).';
		}
	}
}

/**
 * A value (often a server-chosen name) as one word a user can paste into a POSIX shell without
 * running anything else, and that cannot drive the terminal when printed.
 */
export function shellWord(value: string): string {
	return printable(/^[\w@.+\-/:=,]+$/.test(value) ? value : quote('posix', value));
}
