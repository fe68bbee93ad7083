/**
 * Which names `--var` (and a directory's `.msid.json`) may export the token under. The value is
 * a bearer token from a server, so a name that changes how programs run, what code they load,
 * where they send traffic or how the shell itself behaves would turn the token into a weapon
 * (or just break the shell). Names are compared case-insensitively: Windows environments
 * ignore case, and zsh ties lowercase `path`, `fpath`, `cdpath`... to the uppercase ones.
 */
import {UsageError} from '../model/errors.js';

interface Rule {
	matches(upperName: string): boolean;
	why: string;
}

const exactly = (names: string, why: string): Rule => {
	const set = new Set(names.split(/\s+/).filter(Boolean));
	return {matches: name => set.has(name), why};
};

const startsWith = (prefixes: string, why: string): Rule => {
	const list = prefixes.split(/\s+/).filter(Boolean);
	return {matches: name => list.some(prefix => name.startsWith(prefix)), why};
};

const rules: Rule[] = [
	exactly('PATH FPATH CDPATH MANPATH MODULE_PATH INFOPATH CLASSPATH', 'it decides which programs or files are found'),
	startsWith('LD_ DYLD_', 'it makes the dynamic linker load other code'),
	startsWith('NODE_ NPM_CONFIG_', 'it changes how Node.js or npm runs'),
	startsWith('PYTHON', 'it changes how Python runs'),
	startsWith('PERL5 PERL_ PERLLIB', 'it changes how Perl runs'),
	startsWith('RUBY GEM_ BUNDLE_', 'it changes how Ruby runs'),
	exactly('JAVA_TOOL_OPTIONS _JAVA_OPTIONS JDK_JAVA_OPTIONS JAVA_OPTIONS', 'it changes how Java runs'),
	startsWith('GIT_', 'it changes what git runs or which repository and config it uses'),
	startsWith('BASH_', 'it changes how bash runs'),
	exactly('ENV BASH_ENV ZDOTDIR SHELLOPTS BASHOPTS POSIXLY_CORRECT INPUTRC', 'it makes the shell load or run other code'),
	exactly('PROMPT_COMMAND PS0 PS1 PS2 PS3 PS4 PROMPT PROMPT2 PROMPT3 PROMPT4 RPROMPT RPROMPT2 RPS1 RPS2 PSVAR', 'the shell runs or expands it at every prompt'),
	exactly('NULLCMD READNULLCMD FCEDIT EDITOR VISUAL PAGER MANPAGER BROWSER TERMINAL', 'it names a program that gets run'),
	startsWith('LESS', 'it changes what less runs'),
	exactly('SUDO_ASKPASS SSH_ASKPASS SSH_AUTH_SOCK', 'it decides which program or agent gets credentials'),
	exactly('IFS GLOBIGNORE FIGNORE HISTIGNORE HISTFILE HISTCONTROL HISTSIZE HISTFILESIZE HISTTIMEFORMAT TMOUT', 'it changes how the shell parses or records commands'),
	exactly('SHELL HOME USER LOGNAME PWD OLDPWD TMPDIR TMP TEMP TERM TERMINFO DISPLAY WAYLAND_DISPLAY TZ LANG LANGUAGE', 'programs rely on it describing the session'),
	startsWith('LC_ XDG_', 'programs rely on it describing the session'),
	exactly('HTTP_PROXY HTTPS_PROXY ALL_PROXY NO_PROXY FTP_PROXY SSL_CERT_FILE SSL_CERT_DIR CURL_CA_BUNDLE REQUESTS_CA_BUNDLE', 'it changes where traffic goes or which servers are trusted'),
	exactly('RANDOM SECONDS LINENO EPOCHSECONDS EPOCHREALTIME HISTCMD BASHPID OPTIND OPTARG REPLY COLUMNS LINES UID EUID PPID SHLVL _', 'the shell itself maintains it'),
	exactly('STATUS PIPESTATUS ARGV CMD_DURATION VERSION HOSTNAME HISTORY', 'fish itself maintains it'),
	startsWith('FISH_ __FISH', 'it changes how fish runs'),
	startsWith('__MSID', 'the prompt hook uses it'),
];

const tokenVariable = 'MSID_ACCESS_TOKEN';

/** Why `name` cannot hold the token, or undefined when it can. */
export function varNameProblem(name: string): string | undefined {
	if (!/^[A-Za-z_]\w*$/.test(name)) {
		return `${JSON.stringify(name)} is not a plain variable name: use letters, digits and _, not starting with a digit`;
	}

	const upper = name.toUpperCase();
	if (upper.startsWith('MSID_') && upper !== tokenVariable) {
		return `${name} is one of msid's own variables`;
	}

	const rule = rules.find(candidate => candidate.matches(upper));
	return rule && `${name} cannot hold the token: ${rule.why}`;
}

/** Returns `name` when it may hold the token; otherwise a one-line UsageError saying why. */
export function validateVarName(name: string): string {
	const problem = varNameProblem(name);
	if (problem) {
		throw new UsageError(`--var ${problem}; pick a name of your own, e.g. --var GRAPH_TOKEN.`);
	}

	return name;
}
