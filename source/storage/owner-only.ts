/**
 * Files that hold secrets readable by their owner alone. On Linux and macOS the mode does it
 * (0600, set when the file is created). On Windows modes mean nothing and a new file inherits
 * its folder's ACL, which outside %APPDATA% can let every local user read it: there the file
 * gets an explicit ACL, inheritance removed and full control for the current user only, before
 * any secret is written to it. icacls is run directly, never through a shell.
 */
import {execFileSync} from 'node:child_process';
import {userInfo} from 'node:os';

export interface OwnerOnlyOptions {
	platform?: NodeJS.Platform;
	env?: NodeJS.ProcessEnv;
	/** Runs a program with its arguments; tests record the call instead. */
	run?: (command: string, args: string[]) => void;
}

/** The icacls call that leaves `file` readable and writable by `user` alone. */
export function ownerOnlyAcl(file: string, user: string): {command: string; args: string[]} {
	return {command: 'icacls', args: [file, '/inheritance:r', '/grant:r', `${user}:(F)`, '/q']};
}

/** What protects a secrets file on this platform, in words for msid doctor. */
export function protectionOf(platform: NodeJS.Platform = process.platform): string {
	return platform === 'win32' ? 'an ACL that grants only you access' : 'file mode 0600 (only you can read it)';
}

export function restrictToOwner(file: string, options: OwnerOnlyOptions = {}): void {
	if ((options.platform ?? process.platform) !== 'win32') {
		return;
	}

	const env = options.env ?? process.env;
	const name = env['USERNAME'] ?? userInfo().username;
	const user = env['USERDOMAIN'] ? `${env['USERDOMAIN']}\\${name}` : name;
	const {command, args} = ownerOnlyAcl(file, user);
	const run = options.run ?? ((program: string, argv: string[]) => {
		execFileSync(program, argv, {stdio: 'ignore', windowsHide: true, timeout: 10_000});
	});
	run(command, args);
}
