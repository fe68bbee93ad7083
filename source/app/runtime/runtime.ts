/**
 * What the core needs from the outside world, gathered once per process and passed down:
 * tests build one pointed at temp folders, fake clocks and test servers.
 */
import type {SecretStore} from '../../storage/secret-store.js';
import type {Clock} from '../../model/clock.js';
import type {Shield} from '../../model/shield.js';

export interface Runtime {
	env: NodeJS.ProcessEnv;
	clock: Clock;
	fetch: typeof fetch;
	secrets: SecretStore;
	/** Where config.json, locks and (with MSID_STORE=file) secrets.json live. */
	configDir: string;
	/** Work that must finish once started (a sent refresh): the faces hold signals meanwhile. */
	shield: Shield;
	/** Non-fatal notices for the user (stderr in the CLI, a notice line in the dashboard). */
	warn(message: string): void;
}
