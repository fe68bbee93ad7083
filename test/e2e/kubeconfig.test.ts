/**
 * msid kubeconfig end to end: an AKS-style kubeconfig (the legacy azure auth provider, as
 * `az aks get-credentials` wrote before kubelogin) is converted; the real kubectl then runs msid
 * as its exec plugin against a stand-in API server that accepts only the account's token for
 * AKS's Entra server application. The original is kept as a backup, byte for byte; a second run
 * changes nothing; the other user and the file's comments stay as they were.
 */
import {execFile} from 'node:child_process';
import {mkdir, readdir, readFile, symlink, writeFile} from 'node:fs/promises';
import path from 'node:path';
import {promisify} from 'node:util';
import test from 'ava';
import {parse} from 'yaml';
import {keychainPerTestFile, signIn} from '../helpers/e2e.js';
import {cliPath, makeMsidEnv, runMsid, type MsidEnv} from '../helpers/cli.js';
import {startFakeKubeApi} from '../helpers/fake-kube-api.js';
import {jwtClaims} from '../helpers/jwt.js';
import {makeTempDir} from '../helpers/temp-dirs.js';
import {firstMissing, testNeeding} from '../helpers/tool-gate.js';
import {findTool, missingToolMessage} from '../shell/tools.js';
import {AKS_SERVER_RESOURCE, startEmulator} from '../../source/emulator/index.js';

const run = promisify(execFile);
const keyring = keychainPerTestFile();
const kubectl = findTool('kubectl');
const openssl = findTool('openssl');
const kubeTest = testNeeding(firstMissing(kubectl ? undefined : missingToolMessage('kubectl', 'kubernetes-client'), openssl ? undefined : missingToolMessage('openssl', 'openssl')));

let emulator: Awaited<ReturnType<typeof startEmulator>> | undefined;
let msid: MsidEnv;

test.before(async () => {
	emulator = await startEmulator({interval: 1});
	msid = await makeMsidEnv({...(await keyring.ready()).env, AZURE_AUTHORITY_HOST: emulator.url});
	await signIn(msid.env, ['--name', 'work']);
});

test.after.always(async () => {
	await emulator?.close();
});

function kubeconfigText(server: string, certificate: Buffer): string {
	return `# Written by az aks get-credentials; edited by hand.
apiVersion: v1
kind: Config
clusters:
- name: aks
  cluster:
    server: ${server}
    certificate-authority-data: ${certificate.toString('base64')}
contexts:
- name: aks
  context: {cluster: aks, user: clusterUser_rg_aks}
- name: other
  context: {cluster: aks, user: someone-else}
current-context: other
users:
- name: clusterUser_rg_aks
  user:
    auth-provider:
      name: azure
      config:
        apiserver-id: ${AKS_SERVER_RESOURCE}
        client-id: 80faf920-1908-4b52-b5ef-a8e7bedfc67a
        environment: AzurePublicCloud
        tenant-id: 72f988bf-86f1-41af-91ab-2d7cd011db47
- name: someone-else # keep me
  user:
    token: static-token-of-someone-else
preferences: {}
`;
}

kubeTest('kubectl runs msid as the converted user\'s exec plugin; the backup is the original', async t => {
	const expected = await runMsid(['token', 'work', '--resource', AKS_SERVER_RESOURCE], msid.env);
	t.is(expected.code, 0, expected.stderr);
	const token = expected.stdout.trimEnd();
	t.is(jwtClaims(token)['aud'], AKS_SERVER_RESOURCE);
	const api = await startFakeKubeApi(openssl!, authorization => authorization === `Bearer ${token}`);
	t.teardown(async () => api.close());

	const directory = await makeTempDir('msid-kubeconfig-');
	const kubeDir = path.join(directory, '.kube');
	await mkdir(kubeDir);
	const file = path.join(kubeDir, 'config');
	const original = kubeconfigText(api.url, api.certificate);
	await writeFile(file, original, {mode: 0o600});
	// KUBECONFIG's first file has no such context: msid follows kubectl's merge to the second.
	const env = {...msid.env, KUBECONFIG: [path.join(kubeDir, 'missing'), file].join(path.delimiter)};

	const converted = await runMsid(['kubeconfig', '--context', 'aks', 'work'], env);
	t.is(converted.code, 0, converted.stderr);
	t.regex(converted.stderr, /clusterUser_rg_aks/);
	const backups = (await readdir(kubeDir)).filter(name => name.startsWith('config.msid-backup-'));
	t.is(backups.length, 1);
	t.is(await readFile(path.join(kubeDir, backups[0]!), 'utf8'), original);

	const text = await readFile(file, 'utf8');
	t.true(text.startsWith('# Written by az aks get-credentials; edited by hand.\n'));
	t.regex(text, /- name: someone-else # keep me/);
	const config = parse(text) as {users: Array<{name: string; user: Record<string, any>}>; 'current-context': string};
	t.is(config['current-context'], 'other');
	t.deepEqual(config.users[1], {name: 'someone-else', user: {token: 'static-token-of-someone-else'}});
	const exec = config.users[0]!.user['exec'] as {command: string; args: string[]; apiVersion: string};
	t.deepEqual(Object.keys(config.users[0]!.user), ['exec']);
	t.is(exec.command, 'msid');
	t.is(exec.apiVersion, 'client.authentication.k8s.io/v1beta1');
	t.deepEqual(exec.args.slice(0, -1), ['token', '--resource', AKS_SERVER_RESOURCE, '--format', 'k8s', '--']);

	// kubectl finds msid on PATH, as it would after npm install -g.
	const bin = path.join(directory, 'bin');
	await mkdir(bin);
	await symlink(cliPath, path.join(bin, 'msid'));
	const kubectlEnv = {...env, PATH: [bin, path.dirname(process.execPath), process.env['PATH']].join(path.delimiter)};
	const {stdout} = await run(kubectl!, ['--context', 'aks', 'get', '--raw', '/api'], {env: kubectlEnv});
	t.regex(stdout, /APIVersions/);
	t.true(api.seen.length > 0);
	t.deepEqual([...new Set(api.seen)], [`Bearer ${token}`]);

	const again = await runMsid(['kubeconfig', '--context', 'aks', 'work'], env);
	t.is(again.code, 0, again.stderr);
	t.regex(again.stderr, /nothing changed/);
	t.is(await readFile(file, 'utf8'), text);
	t.is((await readdir(kubeDir)).filter(name => name.startsWith('config.msid-backup-')).length, 1);
});

test('a context that does not exist, or a file that is not YAML: one line, the file untouched', async t => {
	const directory = await makeTempDir('msid-kubeconfig-bad-');
	const file = path.join(directory, 'config');
	const original = kubeconfigText('https://127.0.0.1:1', Buffer.from('x'));
	await writeFile(file, original);
	const missing = await runMsid(['kubeconfig', '--kubeconfig', file, '--context', 'nope'], msid.env);
	t.is(missing.code, 1);
	t.regex(missing.stderr, /^msid: No context "nope".*contexts: aks, other/);
	const broken = path.join(directory, 'broken');
	await writeFile(broken, 'users: [\n');
	const invalid = await runMsid(['kubeconfig', '--kubeconfig', broken], msid.env);
	t.is(invalid.code, 1);
	t.regex(invalid.stderr, /is not a kubeconfig/);
	t.is(await readFile(file, 'utf8'), original);
	t.is(await readFile(broken, 'utf8'), 'users: [\n');
	t.deepEqual((await readdir(directory)).sort(), ['broken', 'config']);
});
