#!/usr/bin/env node
/**
 * msid: argv to a command, or the dashboard. Builds the runtime once, maps every failure to
 * a one-line message and the exit codes of docs/cli.md (0 ok, 1 failure, 2 usage, 130 cancelled).
 */
import process from 'node:process';
import type {Command, CommandContext} from './commands/context.js';
import {CancelledError, describeFailure, UsageError} from './model/errors.js';

const usage = `Usage: msid [COMMAND] [OPTIONS]

Commands:
  login     sign in (device code by default)
  list      accounts, their tenants and state
  use       set the default account (and tenant)
  token     print a fresh access token
  scopes    scope audit of an account's tokens
  logout    sign out an account, or --all
  exec      run a command with a fresh token in its environment
  allow     let this directory's .msid.json choose the shell's token
  request   call an API with a token, answering claims challenges
  doctor    check the secret store, clipboard, browser, hook, clock and accounts
  demo      open the dashboard on a local identity emulator

With no command in a terminal, msid opens the dashboard.
Run msid COMMAND --help for a command's options.`;

const commands: Record<string, () => Promise<Command>> = {
	login: async () => (await import('./commands/login.js')).login,
	list: async () => (await import('./commands/list.js')).list,
	use: async () => (await import('./commands/use.js')).use,
	token: async () => (await import('./commands/token.js')).token,
	logout: async () => (await import('./commands/logout.js')).logout,
	scopes: async () => (await import('./commands/scopes.js')).scopes,
	exec: async () => (await import('./commands/exec.js')).exec,
	allow: async () => (await import('./commands/allow.js')).allow,
	request: async () => (await import('./commands/request.js')).request,
	doctor: async () => (await import('./commands/doctor.js')).doctor,
	demo: async () => (await import('./commands/demo.js')).demo,
	// Internal: the detached process that clears a copied token from the clipboard later.
	'__clear-clipboard': async () => (await import('./commands/clear-clipboard.js')).clearClipboard,
};

async function main(argv: string[]): Promise<number> {
	const [name, ...rest] = argv;
	if (name === '--help' || name === '-h' || name === 'help') {
		process.stdout.write(`${usage}\n`);
		return 0;
	}

	if (name === '--version' || name === '-v') {
		process.stdout.write(`${await version()}\n`);
		return 0;
	}

	if (name !== undefined && !Object.hasOwn(commands, name)) {
		throw new UsageError(`Unknown command "${name}".`, 'Run msid --help for the list of commands.');
	}

	const controller = new AbortController();
	const cancel = () => controller.abort(new CancelledError());
	// `on`, not `once`: a second Ctrl-C must not fall through to Node's default and skip clean-up.
	process.on('SIGINT', cancel);
	process.on('SIGTERM', cancel);
	const {createRuntime} = await import('./app/runtime/create-runtime.js');
	const {createServices} = await import('./app/create-services.js');
	const runtime = await createRuntime();
	const context: CommandContext = {
		runtime,
		services: createServices(runtime),
		stdin: process.stdin,
		stdout: process.stdout,
		stderr: process.stderr,
		signal: controller.signal,
	};
	if (name === undefined) {
		if (process.stdin.isTTY && process.stdout.isTTY) {
			const {runDashboard} = await import('./ui/run-dashboard.js');
			return runDashboard(context.services, {signal: controller.signal});
		}

		const {list} = await import('./commands/list.js');
		const code = await list([], context);
		process.stderr.write('msid: no command given; run msid --help for the commands (in a terminal, msid opens the dashboard).\n');
		return code;
	}

	const command = await commands[name]!();
	return command(rest, context);
}

async function version(): Promise<string> {
	const {readFile} = await import('node:fs/promises');
	const manifest = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {version: string};
	return manifest.version;
}

try {
	process.exitCode = await main(process.argv.slice(2));
} catch (error) {
	const failure = describeFailure('msid', error);
	process.stderr.write(failure.text);
	process.exitCode = failure.exitCode;
}

// A keychain call that timed out keeps running inside the native module; it must not keep a
// finished command alive. Unreferenced, this timer never delays a process that ends by itself.
setTimeout(() => process.exit(), 1000).unref();
