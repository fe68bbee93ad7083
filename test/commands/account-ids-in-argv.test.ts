/**
 * Account ids are base64url, so about one in 64 starts with "-". Where msid writes one into a
 * command line another program runs (git's credential helper, kubectl's exec plugin), it must
 * still reach msid as the account, never as an unknown option.
 */
import {execFile} from 'node:child_process';
import {readFile, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {promisify} from 'node:util';
import test from 'ava';
import {parse} from 'yaml';
import {convertKubeconfig} from '../../source/app/integrations/kubeconfig.js';
import {parseCommand} from '../../source/commands/parse.js';
import {gitCredentialHelper} from '../../source/commands/setup-git.js';
import {gitCredentialSpec} from '../../source/commands/spec/git.js';
import {tokenSpec} from '../../source/commands/spec/token.js';
import {cleanupTempDirs, makeTempDir} from '../helpers/temp-dirs.js';

test.after.always(cleanupTempDirs);

const ids = ['-Oq3Zk1_xY2a', '--help', '-h', 'abc-DEF_123'];

for (const id of ids) {
	test(`git's helper line, run by sh with git's operation appended, gives msid git-credential the account ${JSON.stringify(id)}`, async t => {
		// printf stands in for node: it prints the words msid would be given, one per line.
		const helper = gitCredentialHelper('printf', String.raw`%s\n`, id);
		t.true(helper.startsWith('!'));
		const {stdout} = await promisify(execFile)('/bin/sh', ['-c', `${helper.slice(1)} get`]);
		const argv = stdout.split('\n').slice(0, -1);
		t.is(argv[0], 'git-credential');
		const parsed = parseCommand(gitCredentialSpec, argv.slice(1));
		t.false(parsed.help);
		t.deepEqual(!parsed.help && parsed.args.positionals, [id, 'get']);
	});

	test(`the kubeconfig user msid writes gives msid token the account ${JSON.stringify(id)}`, async t => {
		const directory = await makeTempDir('msid-kube-');
		const file = path.join(directory, 'config');
		await writeFile(file, 'apiVersion: v1\nkind: Config\ncurrent-context: aks\ncontexts:\n- name: aks\n  context: {cluster: aks, user: someone}\nclusters:\n- name: aks\n  cluster: {server: "https://aks.example"}\nusers:\n- name: someone\n  user: {token: old}\n');
		await convertKubeconfig({files: [file], account: id, now: Date.now()});
		const config = parse(await readFile(file, 'utf8')) as {users: Array<{user: {exec: {args: string[]}}}>};
		const [name, ...args] = config.users[0]!.user.exec.args;
		t.is(name, 'token');
		const parsed = parseCommand(tokenSpec, args);
		t.false(parsed.help);
		t.deepEqual(!parsed.help && parsed.args.positionals, [id]);
		t.is(!parsed.help && parsed.args.options['resource'], '6dae42f8-4368-4678-94ff-3960e28e3630');
	});
}

test('without an account, git\'s helper names none', async t => {
	t.false(gitCredentialHelper('node', 'msid', undefined).includes('--'));
});
