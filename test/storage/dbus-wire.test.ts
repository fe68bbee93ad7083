import test from 'ava';
import {DbusReader, DbusWireError, DbusWriter, largestMessage, messageType, strictUtf8, takeMessage, utf8} from '../../source/storage/dbus-wire.js';

// The Hello call libdbus sends first on a connection: the keychain module's own, recorded here
// with `strace -xx -e trace=sendmsg` (Debian's libdbus 1.14, inside @napi-rs/keyring 2.1.2).
const libdbusHello = Buffer.from(
	'6c01000100000000010000006e00000001016f00150000002f6f72672f667265656465736b746f702f4442757300000006017300140000006f72672e667265656465736b746f702e444275730000000002017300140000006f72672e667265656465736b746f702e444275730000000003017300050000004865'
	+ '6c6c6f000000',
	'hex',
);

test('a method call is laid out byte for byte as libdbus lays it out', t => {
	const written = new DbusWriter().methodCall({serial: 1, destination: 'org.freedesktop.DBus', path: '/org/freedesktop/DBus', interface: 'org.freedesktop.DBus', member: 'Hello'}).bytes();
	t.deepEqual(Buffer.from(written), libdbusHello);
});

test('a call with a body: its length in the header, the body 8-byte aligned, and read back whole', t => {
	const bytes = new DbusWriter().raw('AUTH\r\n').methodCall({
		serial: 7, destination: 'org.freedesktop.secrets', path: '/org/freedesktop/secrets', interface: 'org.freedesktop.Secret.Service', member: 'SearchItems', signature: 'a{ss}',
		body: writer => writer.array(8, () => {
			writer.align(8).string('service').string('msid');
			writer.align(8).string('username').string('é€😀');
		}),
	}).bytes();
	t.is(Buffer.from(bytes.subarray(0, 6)).toString('latin1'), 'AUTH\r\n');
	const taken = takeMessage(bytes.subarray(6));
	t.truthy(taken);
	t.is(taken!.length, bytes.length - 6);
	t.is(taken!.message.type, messageType.methodCall);
	t.is(taken!.message.signature, 'a{ss}');
	const body = new DbusReader(taken!.message.body);
	t.is(body.uint32(), taken!.message.body.length - 8);
	body.align(8);
	t.deepEqual([body.string(), body.string()], ['service', 'msid']);
	body.align(8);
	t.deepEqual([body.string(), body.string()], ['username', 'é€😀']);
	t.true(body.atEnd());
});

test('UTF-8 as Node encodes it, a lone surrogate included', t => {
	for (const value of ['', 'msid', 'é', '€', '😀', 'a\u0000b', 'x\uD800y']) {
		t.deepEqual(Buffer.from(utf8(value)), Buffer.from(value, 'utf8'), JSON.stringify(value));
	}
});

test('strict UTF-8: text comes back as it was; bytes a decoder would replace give nothing', t => {
	t.is(strictUtf8(Buffer.from('eyJ0eXAi.abc_-')), 'eyJ0eXAi.abc_-');
	t.is(strictUtf8(Buffer.from('abcdé€😀')), 'abcdé€😀');
	t.is(strictUtf8(Buffer.from('x'.repeat(20_000))), 'x'.repeat(20_000));
	t.is(strictUtf8(new Uint8Array([0xC3, 0x28])), undefined);
	t.is(strictUtf8(new Uint8Array([0x61, 0xFF])), undefined);
	t.is(strictUtf8(new Uint8Array([0xED, 0xA0, 0x80])), undefined);
});

test('an incomplete message waits for more bytes', t => {
	t.is(takeMessage(libdbusHello.subarray(0, 15)), undefined);
	t.is(takeMessage(libdbusHello.subarray(0, libdbusHello.length - 1)), undefined);
	t.truthy(takeMessage(libdbusHello));
});

test('what msid does not read ends the read: another byte order, a size past any reply, an unknown header type, a length past the end', t => {
	const bigEndian = Buffer.from(libdbusHello);
	bigEndian[0] = 0x42;
	t.throws(() => takeMessage(bigEndian), {instanceOf: DbusWireError});

	const huge = Buffer.from(libdbusHello);
	huge.writeUInt32LE(largestMessage, 4);
	t.throws(() => takeMessage(huge), {instanceOf: DbusWireError});

	const oddField = Buffer.from(libdbusHello);
	oddField[16 + 2] = 'x'.charCodeAt(0);
	t.throws(() => takeMessage(oddField), {instanceOf: DbusWireError});

	const longString = Buffer.from(libdbusHello);
	longString.writeUInt32LE(0xFF_FF, 16 + 4);
	t.throws(() => takeMessage(longString), {instanceOf: DbusWireError});

	t.throws(() => new DbusReader(new Uint8Array([8, 0, 0, 0, 1, 2])).strings(), {instanceOf: DbusWireError});
	t.throws(() => new DbusReader(new Uint8Array([5, 0, 0, 0, 0x61])).string(), {instanceOf: DbusWireError});
});
