/**
 * The loopback redirect listener on its own: bound to 127.0.0.1 only, one callback, closed.
 */
import {connect} from 'node:net';
import test from 'ava';
import {escapeHtml, startLoopbackListener} from '../../../source/identity/loopback-listener.js';

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
