import test from 'ava';
import {displayWidth, padToWidth, truncateToWidth} from '../../source/model/text-width.js';
import {renderList} from '../../source/commands/list.js';
import {makeAccount} from '../helpers/fake-services.js';

test('CJK and emoji take two columns, combining marks none', t => {
	t.is(displayWidth('alice'), 5);
	t.is(displayWidth('山田太郎'), 8);
	t.is(displayWidth('🦊'), 2);
	t.is(displayWidth('e\u0301'), 1);
});

test('padding and cutting count columns and never split a character', t => {
	t.is(padToWidth('山田', 6), '山田  ');
	t.is(truncateToWidth('山田太郎@contoso', 7), '山田太…');
	t.is(displayWidth(truncateToWidth('山田太郎@contoso', 6)), 5, 'a wide character that would overflow is left out');
	t.is(truncateToWidth('👩‍💻 dev', 3), '👩‍💻…', 'an emoji sequence stays whole');
	t.is(truncateToWidth('short', 10), 'short');
});

test('msid list keeps its columns aligned with Japanese and emoji names', t => {
	const now = Date.UTC(2030, 0, 1);
	const views = ['山田太郎@contoso.co.jp', 'alice@contoso.com', '🦊 fox@example.com'].map((name, index) => ({
		record: makeAccount({id: `a${index}`, name}),
		isDefault: index === 0,
		state: 'valid' as const,
		insecureStore: false,
	}));
	const lines = renderList(views, now).trimEnd().split('\n');
	const column = (line: string, text: string) => displayWidth(line.slice(0, line.indexOf(text)));
	const providerColumns = lines.slice(1).map(line => column(line, 'entra'));
	t.is(new Set(providerColumns).size, 1, `PROVIDER starts at one column on every line:\n${lines.join('\n')}`);
	t.is(providerColumns[0], column(lines[0]!, 'PROVIDER'));
});
