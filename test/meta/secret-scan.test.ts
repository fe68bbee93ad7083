/**
 * The leak scan the end-to-end tests rely on must find a secret in every spelling, wherever it
 * sits in a file: otherwise a leak is found only by luck of alignment.
 */
import {mkdtemp, writeFile} from 'node:fs/promises';
import {tmpdir} from 'node:os';
import path from 'node:path';
import test from 'ava';
import {filesHoldingSecrets} from '../helpers/secret-scan.js';

const secret = 'Zq8~Xy.dEMO-secret_value-4242-abcdefgh';

for (let offset = 0; offset < 3; offset++) {
	const prefix = '{"accounts":{"x":'.slice(0, 10 + offset);
	const spellingsOfFile: Array<[string, string]> = [
		['as is', `${prefix}"${secret}"}`],
		['base64 of the whole file', Buffer.from(`${prefix}"${secret}"}`).toString('base64')],
		['base64url of the whole file', Buffer.from(`${prefix}"${secret}"}`).toString('base64url')],
		['hex', Buffer.from(`${prefix}${secret}`).toString('hex')],
		['a part of it only', `${prefix}${secret.slice(5, 30)}`],
	];
	for (const [how, content] of spellingsOfFile) {
		test(`finds a secret written ${how} at offset ${offset}`, async t => {
			const dir = await mkdtemp(path.join(tmpdir(), 'msid-scan-'));
			await writeFile(path.join(dir, 'config.json'), content);
			t.deepEqual(await filesHoldingSecrets(dir, [secret]), [path.join(dir, 'config.json')]);
		});
	}
}

test('finds nothing in a file without the secret', async t => {
	const dir = await mkdtemp(path.join(tmpdir(), 'msid-scan-'));
	await writeFile(path.join(dir, 'config.json'), JSON.stringify({accounts: {x: {name: 'alice'}}}));
	t.deepEqual(await filesHoldingSecrets(dir, [secret]), []);
});
