import test from 'ava';
import {UsageError} from '../../source/model/errors.js';
import {validateVarName, varNameProblem, varNameRule} from '../../source/shell-env/var-name.js';

test('names that say they hold a token are accepted', t => {
	for (const name of ['MSID_ACCESS_TOKEN', 'GRAPH_TOKEN', 'AZURE_ACCESS_TOKEN', 'GITHUB_TOKEN', 'GH_TOKEN', 'token', 'VAULT_TOKEN', 'ARM_ACCESS_TOKEN', 'SYSTEM_ACCESSTOKEN', 'TF_VAR_access_token', 'AZURE_DEVOPS_EXT_PAT', 'my_pat']) {
		t.is(validateVarName(name), name);
	}
});

test('names that are not identifiers are refused', t => {
	for (const name of ['', '1X', 'A-B', 'A B', 'A=B', 'A;B', '$A', 'Ä', 'A\n', 'X_TOKEN\n', 'X-TOKEN']) {
		t.truthy(varNameProblem(name), name);
	}
});

/** Names shells and runtimes read as code, programs, hooks or flags: every one is refused by the rule, not by a list. */
const readAsCode = [
	// The names a review found a deny list letting through.
	'SPROMPT', 'PROMPT_EOL_MARK', 'MAILPATH', 'LUA_INIT', 'GOFLAGS', 'RUSTC_WRAPPER', 'DOTNET_STARTUP_HOOKS', 'histchars', 'SSLKEYLOGFILE',
	// Similar ones.
	'MAIL', 'MAILCHECK', 'LUA_PATH', 'LUA_INIT_5_4', 'GOPROXY', 'GOTOOLCHAIN', 'CGO_CFLAGS', 'RUSTFLAGS', 'CARGO_BUILD_RUSTC_WRAPPER', 'RUSTC',
	'DOTNET_ADDITIONAL_DEPS', 'CORECLR_PROFILER', 'CORECLR_PROFILER_PATH', 'PERL5OPT', 'PERLIO', 'RUBYOPT', 'PYTHONSTARTUP', 'PYTHONWARNINGS',
	'NODE_OPTIONS', 'npm_config_script_shell', 'JAVA_TOOL_OPTIONS', 'MAVEN_OPTS', 'GRADLE_OPTS', 'PHPRC', 'R_PROFILE_USER', 'TCLLIBPATH',
	'GIT_SSH_COMMAND', 'GIT_ASKPASS', 'SSH_ASKPASS', 'EDITOR', 'LESSOPEN', 'MANPAGER', 'BROWSER', 'PAGER', 'TERMINFO', 'TZ', 'LOCPATH',
	'GCONV_PATH', 'HOSTALIASES', 'RESOLV_HOST_CONF', 'LD_PRELOAD', 'LD_AUDIT', 'DYLD_INSERT_LIBRARIES', 'MALLOC_CONF', 'OPENSSL_CONF',
	'HTTP_PROXY', 'https_proxy', 'NO_PROXY', 'SSL_CERT_FILE', 'CURL_HOME', 'WGETRC', 'PS1', 'PS4', 'PROMPT_COMMAND', 'RPROMPT', 'precmd_functions',
	'zle_highlight', 'fish_user_paths', 'BASH_ENV', 'ENV', 'ZDOTDIR', 'IFS', 'PATH', 'path', 'fpath', 'cdpath', 'HISTFILE', 'HOME', 'SHELL',
	'TMPDIR', 'EPOCHSECONDS', 'status', 'NULLCMD', 'READNULLCMD', 'TMOUT', 'FIGNORE', 'KEYTIMEOUT', 'WORDCHARS', 'TRAPZERR',
	// Windows: the command interpreter, executable extensions, the system folder, module paths, the CLR profiler.
	'COMSPEC', 'PATHEXT', 'SYSTEMROOT', 'SystemRoot', 'WINDIR', 'PSModulePath', 'COR_ENABLE_PROFILING', 'COR_PROFILER', 'COR_PROFILER_PATH',
	'PROCESSOR_ARCHITECTURE', 'APPDATA', 'LOCALAPPDATA', 'USERPROFILE', 'PROGRAMFILES', 'ProgramData', 'PSExecutionPolicyPreference',
	// msid's own.
	'MSID_TOKEN_EXPIRES_ON', 'MSID_TOKEN_REFRESH_AT', 'MSID_ACCOUNT', 'MSID_DIR_CONFIG', 'MSID_HOOK_DIR', 'MSID_TOKEN',
];

test('every name a shell or runtime reads as code, a path, a hook or flags is refused, whatever its case', t => {
	for (const name of readAsCode) {
		t.truthy(varNameProblem(name), name);
		t.truthy(varNameProblem(name.toLowerCase()), name.toLowerCase());
	}
});

test('the refusal is one line that states the rule', t => {
	for (const name of ['LD_PRELOAD', 'SPROMPT', 'COMSPEC', 'PSModulePath']) {
		const error = t.throws(() => validateVarName(name), {instanceOf: UsageError});
		t.is(error?.message, `--var ${name} cannot hold the token: ${varNameRule}.`);
		t.is(error?.exitCode, 2);
		t.false(error?.message.includes('\n'));
	}
});
