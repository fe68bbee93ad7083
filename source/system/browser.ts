/**
 * Opens a URL in the user's own browser (RFC 8252: never an embedded view). Resolves false
 * when no opener could be started, so the caller prints the URL instead.
 */
import type {BrowserService} from '../services.js';

export function openerCommand(platform: NodeJS.Platform, env: NodeJS.ProcessEnv): {command: string; args: string[]} {
	if (env.BROWSER) {
		return {command: env.BROWSER, args: []};
	}

	switch (platform) {
		case 'darwin': {
			return {command: 'open', args: []};
		}

		case 'win32': {
			// `start` is a cmd builtin; the empty string is its window-title argument.
			return {command: 'cmd', args: ['/c', 'start', '""']};
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
			if (parsed.protocol !== 'https:' && parsed.protocol !== 'http:') {
				return false;
			}

			const {command, args} = openerCommand(platform, env);
			const {execa} = await import('execa');
			try {
				const child = execa(command, [...args, parsed.href], {stdio: 'ignore', detached: true, reject: false});
				child.unref();
				const result = await Promise.race([child, new Promise<undefined>(resolve => setTimeout(resolve, 1500).unref())]);
				return result === undefined || result.exitCode === 0;
			} catch {
				return false;
			}
		},
	};
}
