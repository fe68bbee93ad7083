/**
 * The China cloud, as the emulator shapes it: every endpoint on the sign-in host (as
 * login.chinacloudapi.cn), issuers naming https://login.partner.microsoftonline.cn. msid signs in,
 * refreshes (each refreshed ID token checked against the partner host), and still refuses that
 * issuer when the cloud asked for is another.
 */
import test from 'ava';
import {CHINA_ISSUER_ORIGIN, CONTOSO_TENANT_ID} from '../../source/emulator/index.js';
import type {ConfigData} from '../../source/model/account.js';
import {emulatorPerTestFile, keychainPerTestFile, signIn} from '../helpers/e2e.js';
import {makeMsidEnv, runMsid, type MsidEnv} from '../helpers/cli.js';
import {jwtClaims} from '../helpers/jwt.js';
import {snapshotState} from '../helpers/state-snapshot.js';
import {setTokenExpiry} from '../helpers/token-expiry.js';
import {readFile} from 'node:fs/promises';
import path from 'node:path';

const keyring = keychainPerTestFile();
const emulator = emulatorPerTestFile({cloud: 'china', accessTokenLifetimeSeconds: 240});

async function chinaEnv(): Promise<MsidEnv> {
	return makeMsidEnv({...keyring().env, AZURE_AUTHORITY_HOST: emulator().url});
}

async function config(msid: MsidEnv): Promise<ConfigData> {
	return JSON.parse(await readFile(path.join(msid.configDir, 'config.json'), 'utf8')) as ConfigData;
}

test('msid login --cloud china signs in and refreshes against a cloud whose issuer host is not its sign-in host', async t => {
	const msid = await chinaEnv();
	const login = await signIn(msid.env, ['--cloud', 'china']);
	t.regex(login.stderr, /Signed in as alice@contoso\.onmicrosoft\.com/);
	const [account] = Object.values((await config(msid)).accounts);
	t.is(account?.provider.cloud, 'china');
	t.is(account?.provider.endpoints?.issuer, `${CHINA_ISSUER_ORIGIN}/{tenantid}/v2.0`);

	const refreshes = emulator().stats.count('token', 'refresh_token');
	await setTokenExpiry(msid, 60_000);
	const token = await runMsid(['token'], msid.env);
	t.is(token.code, 0, token.stderr);
	t.is(emulator().stats.count('token', 'refresh_token'), refreshes + 1, 'the token was refreshed');
	t.is(jwtClaims(token.stdout.trim())['iss'], `${CHINA_ISSUER_ORIGIN}/${CONTOSO_TENANT_ID}/v2.0`);

	// The China cloud's Graph, named by its own identifier, is what the account's requests go to.
	const graph = await runMsid(['token', '--resource', 'https://microsoftgraph.chinacloudapi.cn'], msid.env);
	t.is(graph.code, 0, graph.stderr);
	t.is(jwtClaims(graph.stdout.trim())['aud'], 'https://microsoftgraph.chinacloudapi.cn');
});

test('the China-shaped issuer is refused for the global cloud: one line that names the host, nothing saved', async t => {
	const msid = await chinaEnv();
	const before = await snapshotState(msid);
	const result = await runMsid(['login'], msid.env);
	t.is(result.code, 1, result.stderr);
	t.regex(result.stderr, /published an issuer that is not the global cloud's \(https:\/\/login\.partner\.microsoftonline\.cn\/\{tenantid\}\/v2\.0\), so it cannot be trusted: nothing was saved/);
	t.notRegex(result.stderr, /enter the code/, 'refused before any sign-in');
	t.deepEqual(await snapshotState(msid), before);
});
