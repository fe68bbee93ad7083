/**
 * Which refusals of a refresh mean "this account needs a sign-in" (the account is marked and
 * the error says so) and which do not, for every sign-in-again code of docs/protocol.md's
 * table and for the plain OAuth errors an Auth0 or OIDC provider sends without an AADSTS code.
 */
import {createServer} from 'node:http';
import {once} from 'node:events';
import type {AddressInfo} from 'node:net';
import test from 'ava';
import {MsidError} from '../../../source/model/errors.js';
import {updateConfig} from '../../../source/storage/config-store.js';
import {startUseCases, type UseCases} from '../helpers/use-cases.js';

async function signedIn(t: import('ava').ExecutionContext): Promise<{useCases: UseCases; name: string}> {
	const useCases = await startUseCases();
	t.teardown(async () => useCases.close());
	const name = await useCases.signInAlice();
	const first = await useCases.services.tokens.get({account: name});
	useCases.clock.advance(first.expiresAt - useCases.clock.now() + 1000);
	return {useCases, name};
}

async function stateOf(useCases: UseCases, name: string): Promise<string> {
	return (await useCases.services.accounts.get(name)).state;
}

const signInAgain = [50_076, 50_079, 700_082, 70_008, 50_173, 70_043, 50_058];
for (const code of signInAgain) {
	test(`AADSTS${code} on a refresh marks the account "needs sign-in"`, async t => {
		const {useCases, name} = await signedIn(t);
		useCases.emulator.faults.enqueue('token', {kind: 'aadsts', error: 'invalid_grant', code});
		const error = await t.throwsAsync(useCases.services.tokens.get({account: name}), {instanceOf: MsidError});
		t.is(error.code, 'sign-in-required');
		t.is(error.exitCode, 4);
		t.is(await stateOf(useCases, name), 'needs-sign-in');
	});
}

for (const code of [7_000_218, 700_016]) {
	test(`AADSTS${code} on a refresh fails the request and leaves the account as it was`, async t => {
		const {useCases, name} = await signedIn(t);
		useCases.emulator.faults.enqueue('token', {kind: 'aadsts', error: 'invalid_client', code});
		const error = await t.throwsAsync(useCases.services.tokens.get({account: name}), {instanceOf: MsidError});
		t.not(error.code, 'sign-in-required');
		t.not(await stateOf(useCases, name), 'needs-sign-in');
	});
}

/** A token endpoint that refuses every request with a plain OAuth error, as Auth0 and OIDC providers do. */
async function refusingProvider(t: import('ava').ExecutionContext, error: string): Promise<string> {
	const server = createServer((_request, response) => {
		response.writeHead(400, {'content-type': 'application/json'});
		response.end(JSON.stringify({error, error_description: 'Unknown or invalid refresh token.'}));
	});
	server.listen(0, '127.0.0.1');
	await once(server, 'listening');
	t.teardown(() => {
		server.closeAllConnections();
		server.close();
	});
	return `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
}

for (const error of ['invalid_grant', 'login_required', 'interaction_required']) {
	test(`a plain ${error} from an OIDC provider marks the account "needs sign-in"`, async t => {
		const {useCases, name} = await signedIn(t);
		const issuer = await refusingProvider(t, error);
		// The same account, as if it had signed in at a generic OIDC issuer.
		await updateConfig(useCases.runtime.env, data => {
			for (const account of Object.values(data.accounts)) {
				account.provider = {kind: 'oidc', issuer, clientId: account.provider.clientId, endpoints: {issuer, token: `${issuer}/token`}};
			}
		});
		const failure = await t.throwsAsync(useCases.services.tokens.get({account: name}), {instanceOf: MsidError});
		t.is(failure.code, 'sign-in-required');
		t.is(await stateOf(useCases, name), 'needs-sign-in');
	});
}
