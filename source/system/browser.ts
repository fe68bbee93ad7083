/**
 * Opens a URL in the user's own browser (RFC 8252: never an embedded view). Resolves false
 * when no opener could be started, so the caller prints the URL instead.
 */
import {spawn} from 'node:child_process';
import type {BrowserService} from '../model/services.js';

export function openerCommand(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): {command: string; args: string[]} {
	if (env.BROWSER) {
		return {command: env.BROWSER, args: []};
	}

	switch (platform) {
		case 'darwin': {
			return {command: 'open', args: []};
		}

		case 'win32': {
			// Never through cmd: `cmd /c start` reads `&`, `^` and `|` in a URL as its own syntax,
			// so a query string breaks the sign-in and a hostile URL could run commands. The shell's
			// URL handler, called through rundll32, takes the URL as data (as Go's browser package
			// does). A WHATWG href has no space, tab or quote, so Windows' argument quoting
			// passes it on unchanged.
			return {command: 'rundll32', args: ['url.dll,FileProtocolHandler']};
		}

		default: {
			return {command: 'xdg-open', args: []};
		}
	}
}

export function createBrowser(env: NodeJS.ProcessEnv = process.env, platform: NodeJS.Platform = process.platform): BrowserService {
	return {
		async open(url) {
			const parsed = new URL(url);
			if ((parsed.protocol !== 'https:' && parsed.protocol !== 'http:') || /[\s"]/.test(parsed.href)) {
				return false;
			}

			const {command, args} = openerCommand(platform, env);
			// Detached and unreferenced: the browser outlives msid, and msid must not wait for it.
			// "Started" is all we learn; a missing opener fails at once with ENOENT.
			return new Promise<boolean>(resolve => {
				const child = spawn(command, [...args, parsed.href], {stdio: 'ignore', detached: true});
				child.once('error', () => {
					resolve(false);
				});
				child.once('spawn', () => {
					child.unref();
					resolve(true);
				});
			});
		},
	};
}
