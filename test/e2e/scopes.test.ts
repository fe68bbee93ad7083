/**
 * msid scopes: the same audit the dashboard shows, for scripts. The emulator leaves scopes
 * that need admin consent out of the grant, as Entra does for an ordinary user.
 */
import test from 'ava';
import {startEmulator} from '../../source/emulator/index.js';
import {keychainPerTestFile, signIn} from '../helpers/e2e.js';
import {makeMsidEnv, runMsid} from '../helpers/cli.js';

const keyring = keychainPerTestFile();

test('requested, granted and missing scopes, with decoded claims and never the token', async t => {
	const emulator = await startEmulator({interval: 1});
	t.teardown(async () => emulator.close());
	const msid = await makeMsidEnv({...keyring().env, AZURE_AUTHORITY_HOST: emulator.url});
	await signIn(msid.env, ['--scope', 'openid profile offline_access User.Read Mail.Read Directory.ReadWrite.All']);
	const token = (await runMsid(['token'], msid.env)).stdout.trim();

	const result = await runMsid(['scopes', '--json'], msid.env);
	t.is(result.code, 0, result.stderr);
	t.false(result.stdout.includes(token));
	const [audit] = JSON.parse(result.stdout) as Array<{requested: string[]; granted: string[]; missing: string[]; offlineAccess: boolean; claims?: {scp?: string}}>;
	t.true(audit?.requested.includes('Directory.ReadWrite.All'));
	t.deepEqual(audit?.missing, ['Directory.ReadWrite.All']);
	t.true(audit?.granted.includes('Mail.Read'));
	t.true(audit?.offlineAccess);
	t.regex(audit?.claims?.scp ?? '', /User\.Read/);

	const text = await runMsid(['scopes'], msid.env);
	t.is(text.code, 0, text.stderr);
	t.regex(text.stdout, /[Mm]issing.*Directory\.ReadWrite\.All/s);
});
