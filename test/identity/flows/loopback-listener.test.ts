/**
 * The loopback redirect listener on its own: bound to loopback addresses only, one accepted
 * callback, closed; requests that are not the answer leave it waiting.
 */
import {request as httpRequest} from 'node:http';
import {connect} from 'node:net';
import test from 'ava';
import {escapeHtml, parseLoopbackRedirect, startLoopbackListener} from '../../../source/identity/loopback-listener.js';
import {MsidError} from '../../../source/model/errors.js';

/** GET on one address family, as a browser that resolved `localhost` to it would send. */
async function getVia(address: string, port: number, path: string): Promise<{status: number; text: string}> {
	return new Promise((resolve, reject) => {
		const request = httpRequest({host: address, port, path, headers: {host: `localhost:${port}`}}, response => {
			let text = '';
			response.setEncoding('utf8').on('data', (chunk: string) => {
				text += chunk;
			}).on('end', () => {
				resolve({status: response.statusCode ?? 0, text});
			});
		});
		request.on('error', reject).end();
	});
}

async function connects(host: string, port: number): Promise<boolean> {
	return new Promise(resolve => {
		const socket = connect({host, port});
		socket.once('connect', () => {
			socket.destroy();
			resolve(true);
		});
		socket.once('error', () => {
			resolve(false);
		});
	});
}

test('binds 127.0.0.1 on a system-chosen port; the redirect URI names it', async t => {
	const listener = await startLoopbackListener(() => ({ok: true, title: 'Signed in', message: 'ok'}));
	try {
		const address = listener.address();
		t.is(address.address, '127.0.0.1');
		t.is(address.family, 'IPv4');
		t.true(address.port > 0);
		t.is(listener.redirectUri, `http://127.0.0.1:${address.port}/`);
		// Not on the IPv6 loopback (nor any other interface) under the same port.
		t.false(await connects('::1', address.port));
	} finally {
		await listener.close();
	}
});

test('answers the first callback with the chosen page, hands over its query, then stops listening', async t => {
	const listener = await startLoopbackListener(query => ({ok: query.get('state') === 's1', title: 'Signed in', message: `state <${query.get('state') ?? ''}>`}));
	const first = await fetch(`${listener.redirectUri}?code=c1&state=s1`);
	t.is(first.status, 200);
	t.is(first.headers.get('cache-control'), 'no-store');
	t.regex(first.headers.get('content-security-policy') ?? '', /default-src 'none'/);
	const html = await first.text();
	t.regex(html, /state &lt;s1&gt;/);
	t.notRegex(html, /c1/);
	const query = await listener.callback;
	t.is(query.get('code'), 'c1');
	const port = listener.address().port;
	await listener.close();
	t.false(await connects('127.0.0.1', port));
});

test('a failure page is a 400 and close() may be called twice', async t => {
	const listener = await startLoopbackListener(() => ({ok: false, title: 'Sign-in rejected', message: 'no'}));
	const response = await fetch(`${listener.redirectUri}?state=x`);
	t.is(response.status, 400);
	t.regex(await response.text(), /data-outcome="failure"/);
	await listener.close();
	await t.notThrowsAsync(listener.close());
});

test('escapeHtml escapes markup and both quote kinds', t => {
	t.is(escapeHtml(`<a href="x" title='y'>&</a>`), '&lt;a href=&quot;x&quot; title=&#39;y&#39;&gt;&amp;&lt;/a&gt;');
});

test('a localhost redirect listens on 127.0.0.1 and ::1 under one port, and the URI names localhost without a trailing slash', async t => {
	const listener = await startLoopbackListener(() => ({ok: true, title: 'Signed in', message: 'ok'}), {host: 'localhost', trailingSlash: false});
	try {
		const families = listener.addresses().map(address => `${address.family} ${address.address}`);
		t.deepEqual(families, ['IPv4 127.0.0.1', 'IPv6 ::1']);
		const {port} = listener.address();
		t.is(listener.addresses()[1]!.port, port);
		t.is(listener.redirectUri, `http://localhost:${port}`);
	} finally {
		await listener.close();
	}
});

for (const address of ['127.0.0.1', '::1']) {
	test(`a browser that resolved localhost to ${address} delivers the callback`, async t => {
		const listener = await startLoopbackListener(query => ({ok: query.get('state') === 's', title: 'Signed in', message: 'ok'}), {host: 'localhost'});
		const {port} = listener.address();
		const page = await getVia(address, port, '/?code=c&state=s');
		t.is(page.status, 200);
		t.is((await listener.callback).get('code'), 'c');
		await listener.close();
		t.false(await connects('127.0.0.1', port));
		t.false(await connects('::1', port));
	});
}

test('a request the reply ignores gets its page and the listener keeps waiting for the real answer', async t => {
	const listener = await startLoopbackListener(query => query.get('state') === 'real'
		? {ok: true, title: 'Signed in', message: 'ok'}
		: {ok: false, ignored: true, title: 'Sign-in rejected', message: 'not yours'});
	let delivered = false;
	void listener.callback.then(() => {
		delivered = true;
	});
	for (const forged of ['state=forged&code=x', 'code=y', 'error=access_denied&state=other']) {
		const response = await fetch(`${listener.redirectUri}?${forged}`);
		t.is(response.status, 400);
		t.regex(await response.text(), /not yours/);
	}

	t.false(delivered);
	const real = await fetch(`${listener.redirectUri}?state=real&code=good`);
	t.is(real.status, 200);
	t.is((await listener.callback).get('code'), 'good');
	await listener.close();
});

test('a redirect URI with a path and a port is served there', async t => {
	const probe = await startLoopbackListener(() => ({ok: true, title: '', message: ''}));
	const free = probe.address().port;
	await probe.close();
	const listener = await startLoopbackListener(() => ({ok: true, title: 'Signed in', message: 'ok'}), parseLoopbackRedirect(`http://127.0.0.1:${free}/callback`));
	try {
		t.is(listener.redirectUri, `http://127.0.0.1:${free}/callback`);
		t.is((await fetch(`http://127.0.0.1:${free}/?code=x`)).status, 404);
		t.is((await fetch(`${listener.redirectUri}?code=x`)).status, 200);
	} finally {
		await listener.close();
	}
});

test('a taken fixed port is one clear error', async t => {
	const holder = await startLoopbackListener(() => ({ok: true, title: '', message: ''}));
	try {
		const error = await t.throwsAsync(startLoopbackListener(() => ({ok: true, title: '', message: ''}), {host: '127.0.0.1', port: holder.address().port}), {instanceOf: MsidError});
		t.is(error.code, 'port-in-use');
	} finally {
		await holder.close();
	}
});

test('parseLoopbackRedirect: localhost and 127.0.0.1 over http only, never a *.localhost name', t => {
	t.deepEqual(parseLoopbackRedirect('http://localhost'), {host: 'localhost', path: '/', trailingSlash: false});
	t.deepEqual(parseLoopbackRedirect('http://127.0.0.1/'), {host: '127.0.0.1', path: '/', trailingSlash: true});
	t.deepEqual(parseLoopbackRedirect('http://LOCALHOST:8400/cb'), {host: 'localhost', port: 8400, path: '/cb', trailingSlash: true});
	for (const bad of ['https://localhost', 'http://foo.localhost', 'http://[::1]', 'http://192.168.1.2', 'http://localhost/?x=1', 'http://localhost/#f', 'localhost', 'http://u:p@localhost']) {
		const error = t.throws(() => parseLoopbackRedirect(bad), {instanceOf: MsidError}, bad);
		t.is(error.code, 'invalid-redirect-uri');
		t.is(error.exitCode, 2);
	}
});
