/**
 * Work that must finish once it has started, whatever signal arrives: a refresh whose request
 * has left. A provider that rotates refresh tokens has already spent the old one when it
 * answers; abandoning the answer would leave the account needing a sign-in. The faces hold
 * SIGINT, SIGTERM and SIGHUP while such work runs, act on them right after, and on a second
 * signal quit at once with a warning naming what was cut short.
 */
export interface ShieldedWork {
	kind: 'refresh';
	/** The account's display name. */
	account: string;
}

export interface Shield {
	/** Runs `work` as shielded; a failure still propagates. */
	run<T>(what: ShieldedWork, work: () => Promise<T>): Promise<T>;
	/** The shielded work running now, if any. */
	current(): ShieldedWork | undefined;
	/** Resolves once no shielded work runs. */
	idle(): Promise<void>;
}
