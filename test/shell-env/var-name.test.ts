import test from 'ava';
import {UsageError} from '../../source/model/errors.js';
import {validateVarName, varNameProblem} from '../../source/shell-env/var-name.js';

test('plain names of the user\'s own are accepted', t => {
	for (const name of ['MSID_ACCESS_TOKEN', 'GRAPH_TOKEN', 'AZURE_ACCESS_TOKEN', 'GITHUB_TOKEN', 'GH_TOKEN', 'token', '_T', 'A1', 'VAULT_TOKEN', 'ARM_ACCESS_TOKEN']) {
		t.is(validateVarName(name), name);
	}
});

test('names that are not identifiers are refused', t => {
	for (const name of ['', '1X', 'A-B', 'A B', 'A=B', 'A;B', '$A', 'Ä', 'A\n']) {
		t.truthy(varNameProblem(name), name);
	}
});

test('names that change how programs run are refused, whatever their case', t => {
	const refused = [
		'PATH', 'path', 'fpath', 'LD_PRELOAD', 'LD_LIBRARY_PATH', 'DYLD_INSERT_LIBRARIES', 'NODE_OPTIONS', 'NODE_PATH',
		'node_options', 'BASH_ENV', 'ENV', 'PROMPT_COMMAND', 'PS1', 'PS2', 'PS3', 'PS4', 'IFS', 'SHELL', 'HOME',
		'SHELLOPTS', 'BASHOPTS', 'CDPATH', 'GLOBIGNORE', 'PYTHONPATH', 'PYTHONSTARTUP', 'PERL5LIB', 'PERL5OPT',
		'RUBYOPT', 'JAVA_TOOL_OPTIONS', 'GIT_SSH_COMMAND', 'GIT_CONFIG_GLOBAL', 'GIT_EXEC_PATH', 'GIT_DIR', 'ZDOTDIR',
		'fish_user_paths', 'fish_function_path', 'EDITOR', 'PAGER', 'LESSOPEN', 'HTTPS_PROXY', 'https_proxy',
		'SSL_CERT_FILE', 'LC_ALL', 'LANG', 'EPOCHSECONDS', 'SECONDS', 'status', 'NULLCMD', 'MSID_TOKEN_EXPIRES_ON',
		'MSID_ACCOUNT', 'MSID_DIR_CONFIG', '__msid_failed', 'SSH_ASKPASS', 'TMPDIR',
	];
	for (const name of refused) {
		t.truthy(varNameProblem(name), name);
	}
});

test('the refusal is one line that says why and what to use', t => {
	const error = t.throws(() => validateVarName('LD_PRELOAD'), {instanceOf: UsageError});
	t.is(error?.message, '--var LD_PRELOAD cannot hold the token: it makes the dynamic linker load other code; pick a name of your own, e.g. --var GRAPH_TOKEN.');
	t.is(error?.exitCode, 2);
	t.false(error?.message.includes('\n'));
});
