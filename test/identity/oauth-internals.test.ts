/**
 * msid uses two symbols oauth4webapi exports but leaves out of its types (the multi-tenant
 * issuer hooks). So the dependency is pinned to one exact version, and this test fails the
 * day an upgrade changes them, instead of sign-in breaking for users.
 */
import {readFileSync} from 'node:fs';
import {createRequire} from 'node:module';
import path from 'node:path';
import test from 'ava';
import * as oauth from 'oauth4webapi';

const root = path.resolve(import.meta.dirname, '../..');

test('oauth4webapi is pinned to the exact version installed', t => {
	const manifest = JSON.parse(readFileSync(path.join(root, 'package.json'), 'utf8')) as {dependencies?: Record<string, string>; devDependencies?: Record<string, string>};
	// Bundled into dist, so it may be a build-time dependency; either way its version is exact.
	const declared = manifest.dependencies?.['oauth4webapi'] ?? manifest.devDependencies?.['oauth4webapi'];
	const installed = (JSON.parse(readFileSync(createRequire(import.meta.url).resolve('oauth4webapi/package.json'), 'utf8')) as {version: string}).version;
	t.regex(declared ?? '', /^\d+\.\d+\.\d+$/, 'an exact version, no range');
	t.is(declared, installed);
});

test('the issuer hooks msid relies on are still exported symbols', t => {
	const internals = oauth as unknown as Record<string, unknown>;
	t.is(typeof internals['_expectedIssuer'], 'symbol');
	t.is(typeof internals['_nodiscoverycheck'], 'symbol');
});
