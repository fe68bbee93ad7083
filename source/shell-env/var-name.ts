/**
 * Which names `--var` (and a directory's `.msid.json`) may export the token under. The value is
 * a bearer token from a server, and shells and runtimes read many variables as code, as a
 * program or library to load, as a hook or as a set of flags (PATH, LD_PRELOAD, PROMPT_COMMAND,
 * SPROMPT, MAILPATH, LUA_INIT, GOFLAGS, RUSTC_WRAPPER, DOTNET_STARTUP_HOOKS, COMSPEC, COR_*...).
 * A list of such names always has gaps, so the rule is the other way round, and one a user can
 * predict: a token goes only into a name that says it holds a token, one that ends in TOKEN or
 * _PAT (in any case), such as GRAPH_TOKEN, ARM_ACCESS_TOKEN, SYSTEM_ACCESSTOKEN,
 * TF_VAR_access_token or AZURE_DEVOPS_EXT_PAT. No shell or common runtime reads such a name as
 * anything but data. msid's own variables are out, except MSID_ACCESS_TOKEN itself.
 */
import {UsageError} from '../model/errors.js';

const tokenVariable = 'MSID_ACCESS_TOKEN';

/** The rule, in the words every refusal uses (README.md and docs/cli.md say the same). */
export const varNameRule = 'a token goes only into a name of letters, digits and _ that ends in TOKEN or _PAT (any case), e.g. GRAPH_TOKEN or AZURE_DEVOPS_EXT_PAT, so that no program can read it as code, a path, a hook or flags';

/** Why `name` cannot hold the token, or undefined when it can. */
export function varNameProblem(name: string): string | undefined {
	if (!/^[A-Za-z_]\w*$/.test(name)) {
		return `${JSON.stringify(name)} is not a plain variable name: ${varNameRule}`;
	}

	const upper = name.toUpperCase();
	if (upper.startsWith('MSID_') && upper !== tokenVariable) {
		return `${name} is one of msid's own variables`;
	}

	if (!/(?:TOKEN|_PAT)$/.test(upper)) {
		return `${name} cannot hold the token: ${varNameRule}`;
	}

	return undefined;
}

/** Returns `name` when it may hold the token; otherwise a one-line UsageError saying why. */
export function validateVarName(name: string): string {
	const problem = varNameProblem(name);
	if (problem) {
		throw new UsageError(`--var ${problem}.`);
	}

	return name;
}
