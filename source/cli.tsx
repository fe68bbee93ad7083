#!/usr/bin/env node
/**
 * msid: argv to a command, or the dashboard. Builds the runtime once, maps every failure to
 * a one-line message and the exit codes of docs/cli.md (0 ok, 1 failure, 2 usage, 4 sign-in
 * needed, 130 cancelled).
 */
import process from 'node:process';
import type {CommandContext, CommandIo} from './commands/context.js';
import {CancelledError} from './model/errors.js';
import {printable} from './model/printable.js';
import type {Shield} from './model/shield.js';
import {createShield} from './system/shield.js';

async function main(argv: string[]): Promise<number> {
	const [name] = argv;
	if (name === '--version' || name === '-v') {
		process.stdout.write(`${await version()}\n`);
		return 0;
	}

	const shield = createShield();
	running = shield;
	const controller = new AbortController();
	holdSignals(controller, shield);
	const io: CommandIo = {env: process.env, stdin: process.stdin, stdout: process.stdout, stderr: process.stderr, signal: controller.signal};
	const openContext = async (): Promise<CommandContext> => {
		const {createRuntime} = await import('./app/runtime/create-runtime.js');
		const {createServices} = await import('./app/create-services.js');
		const runtime = await createRuntime({shield, interactive: Boolean(process.stdin.isTTY && process.stderr.isTTY)});
		return {...io, runtime, services: createServices(runtime)};
	};

	if (name === undefined) {
		const context = await openContext();
		if (process.stdin.isTTY && process.stdout.isTTY) {
			const {runDashboard} = await import('./ui/run-dashboard.js');
			return runDashboard(context.services, {signal: controller.signal});
		}

		const {list} = await import('./commands/list.js');
		const code = await list({options: {}, positionals: [], rest: []}, context);
		process.stderr.write('msid: no command given; run msid --help for the commands (in a terminal, msid opens the dashboard).\n');
		return code;
	}

	// Declarations, parsing and help load before any command's code or the runtime.
	const {runCommandLine} = await import('./commands/command-line.js');
	return runCommandLine(argv, io, openContext);
}

/**
 * SIGINT, SIGTERM and SIGHUP cancel the command through its AbortSignal; work under the shield
 * (a refresh whose request has left) finishes first, and the command acts on the cancellation
 * right after. A second signal while such work runs quits at once, saying what may be lost.
 * `on`, not `once`: a signal must never fall through to Node's default and skip clean-up.
 * SIGHUP (a closed terminal) ends like Ctrl-C, so the dashboard still clears a token it copied.
 */
function holdSignals(controller: AbortController, shield: Shield): void {
	const onSignal = () => {
		const busy = shield.current();
		if (busy && controller.signal.aborted) {
			process.stderr.write(`msid: quit during the refresh of ${printable(busy.account)}: if the provider had already replaced its refresh token, the session is lost and the next command will ask for a sign-in (msid login).\n`);
			process.exit(130);
		}

		controller.abort(new CancelledError());
	};

	for (const name of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) {
		process.on(name, onSignal);
	}
}

let running: Shield | undefined;

async function version(): Promise<string> {
	const {readFile} = await import('node:fs/promises');
	const manifest = JSON.parse(await readFile(new URL('../package.json', import.meta.url), 'utf8')) as {version: string};
	return manifest.version;
}

// No top-level await: the bundle is CommonJS, which loads faster (scripts/build.js).
void (async () => {
	try {
		process.exitCode = await main(process.argv.slice(2));
	} catch (error) {
		const {reportFailure} = await import('./commands/failure-output.js');
		reportFailure(process.argv.slice(2), error);
	}

	// A refresh the dashboard started must be stored before the process ends (bounded by its timeouts).
	await running?.idle();

	// A keychain call that timed out keeps running inside the native module; it must not keep a
	// finished command alive. Unreferenced, this timer never delays a process that ends by itself.
	setTimeout(() => process.exit(), 1000).unref();
})();
