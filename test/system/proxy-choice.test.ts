import test from 'ava';
import {chooseProxy, maskProxy} from '../../source/system/proxy-choice.js';

const proxy = 'http://proxy.example:3128';
const choose = (url: string, env: NodeJS.ProcessEnv) => chooseProxy(new URL(url), env);

test('HTTPS_PROXY for https, HTTP_PROXY for http, none without them', t => {
	const env = {HTTPS_PROXY: proxy, HTTP_PROXY: 'http://plain.example:8080'};
	t.is(choose('https://login.microsoftonline.com/x', env), proxy);
	t.is(choose('http://api.example/x', env), 'http://plain.example:8080');
	t.is(choose('https://login.microsoftonline.com/x', {HTTP_PROXY: proxy}), undefined);
	t.is(choose('https://login.microsoftonline.com/x', {}), undefined);
});

test('the lower-case variables win over the upper-case ones, as with curl', t => {
	t.is(choose('https://idp.example', {HTTPS_PROXY: 'http://upper:1', https_proxy: 'http://lower:2'}), 'http://lower:2');
	t.is(choose('https://idp.example', {HTTPS_PROXY: proxy, no_proxy: 'idp.example', NO_PROXY: 'other.example'}), undefined);
	t.is(choose('https://other.example', {HTTPS_PROXY: proxy, no_proxy: 'idp.example', NO_PROXY: 'other.example'}), proxy);
});

test('loopback addresses are always reached directly', t => {
	const env = {HTTPS_PROXY: proxy, HTTP_PROXY: proxy};
	for (const url of ['http://127.0.0.1:8400/', 'https://127.8.9.10/', 'http://[::1]:3000/', 'http://localhost:5000/', 'https://LOCALHOST./', 'http://app.localhost/']) {
		t.is(choose(url, env), undefined, url);
	}

	t.is(choose('http://128.0.0.1/', env), proxy);
	t.is(choose('http://localhost.example/', env), proxy);
});

test('NO_PROXY: exact host, domain suffix with or without a leading dot', t => {
	const env = {HTTPS_PROXY: proxy, NO_PROXY: 'exact.example, .corp.example,internal.example'};
	t.is(choose('https://exact.example', env), undefined);
	t.is(choose('https://sub.exact.example', env), undefined);
	t.is(choose('https://a.b.corp.example', env), undefined);
	t.is(choose('https://corp.example', env), undefined);
	t.is(choose('https://idp.internal.example', env), undefined);
	t.is(choose('https://notinternal.example', env), proxy, 'a suffix matches at a dot only');
	t.is(choose('https://exact.example.com', env), proxy);
	t.is(choose('https://EXACT.Example', env), undefined, 'host names compare without case');
});

test('NO_PROXY: an entry with a port matches that port only', t => {
	const env = {HTTPS_PROXY: proxy, HTTP_PROXY: proxy, NO_PROXY: 'idp.example:8443,api.example:443,[2001:db8::1]:443'};
	t.is(choose('https://idp.example:8443/', env), undefined);
	t.is(choose('https://idp.example/', env), proxy);
	t.is(choose('https://api.example/', env), undefined, 'the default port counts');
	t.is(choose('http://api.example/', env), proxy);
	t.is(choose('https://[2001:db8::1]/', env), undefined);
});

test('NO_PROXY=* turns the proxy off; an empty NO_PROXY changes nothing', t => {
	t.is(choose('https://idp.example', {HTTPS_PROXY: proxy, NO_PROXY: '*'}), undefined);
	t.is(choose('https://idp.example', {HTTPS_PROXY: proxy, NO_PROXY: ''}), proxy);
	t.is(choose('https://idp.example', {HTTPS_PROXY: proxy, NO_PROXY: ' , '}), proxy);
});

test('a proxy without a scheme is an http:// proxy, as curl takes it', t => {
	t.is(choose('https://idp.example', {HTTPS_PROXY: 'proxy.example:3128'}), 'http://proxy.example:3128');
});

test('maskProxy hides the user name and password', t => {
	t.is(maskProxy('http://alice:s3cret@proxy.example:3128'), 'http://***@proxy.example:3128');
	t.false(maskProxy('http://alice:s3cret@proxy.example:3128').includes('s3cret'));
	t.is(maskProxy('http://proxy.example:3128/'), 'http://proxy.example:3128');
});
