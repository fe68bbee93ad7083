import test from 'ava';
import {MsidError} from '../../source/model/errors.js';
import {renderExports, renderUnset} from '../../source/shell-env/emit.js';

const vars = [['MSID_ACCESS_TOKEN', "a'b"], ['MSID_ACCOUNT', 'me@contoso']] as const;

test('exports per shell', t => {
	t.is(renderExports('bash', vars), "export MSID_ACCESS_TOKEN='a'\\''b'\nexport MSID_ACCOUNT='me@contoso'\n");
	t.is(renderExports('posix', vars), renderExports('zsh', vars));
	t.is(renderExports('fish', vars), "set -gx MSID_ACCESS_TOKEN 'a\\'b'\nset -gx MSID_ACCOUNT 'me@contoso'\n");
	t.is(renderExports('pwsh', vars), "$env:MSID_ACCESS_TOKEN = 'a''b'\n$env:MSID_ACCOUNT = 'me@contoso'\n");
	t.is(renderExports('bash', []), '');
});

test('unset per shell', t => {
	const names = ['MSID_ACCESS_TOKEN', 'MSID_ACCOUNT'];
	t.is(renderUnset('zsh', names), 'unset MSID_ACCESS_TOKEN\nunset MSID_ACCOUNT\n');
	t.is(renderUnset('fish', names), 'set -e MSID_ACCESS_TOKEN\nset -e MSID_ACCOUNT\n');
	t.is(
		renderUnset('pwsh', names),
		'Remove-Item Env:MSID_ACCESS_TOKEN -ErrorAction SilentlyContinue\nRemove-Item Env:MSID_ACCOUNT -ErrorAction SilentlyContinue\n',
	);
});

test('a name that is not a plain identifier is never written', t => {
	for (const name of ['', '1A', 'A-B', 'A;touch x', 'A B', '$(x)', 'A\n']) {
		t.throws(() => renderExports('bash', [[name, 'v']]), {instanceOf: MsidError});
		t.throws(() => renderUnset('fish', [name]), {instanceOf: MsidError});
	}
});
