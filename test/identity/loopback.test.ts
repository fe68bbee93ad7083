/**
 * Which hosts may be spoken to over plain http: literal loopback addresses and `localhost`
 * itself, nothing that a resolver could send elsewhere.
 */
import test from 'ava';
import {isLoopbackHost} from '../../source/identity/loopback.js';

test('literal loopback addresses and localhost count as loopback', t => {
	for (const host of ['127.0.0.1', '127.8.9.10', '[::1]', '::1', 'localhost', 'LOCALHOST', '0:0:0:0:0:0:0:1']) {
		t.true(isLoopbackHost(host), host);
	}
});

test('*.localhost names, look-alikes and other addresses do not', t => {
	for (const host of ['foo.localhost', 'a.b.localhost', 'localhost.example.com', 'localhost.', '128.0.0.1', '0.0.0.0', '::', '[::2]', 'example.com', '127.0.0.1.nip.io']) {
		t.false(isLoopbackHost(host), host);
	}
});
