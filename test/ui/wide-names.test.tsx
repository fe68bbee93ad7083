/**
 * Japanese, Chinese and emoji names take two columns a character: the account list must pad
 * and cut them by columns, or every line after one pushes the badge column out of line.
 */
import test from 'ava';
import {FakeServices, makeAccount} from '../helpers/fake-services.js';
import {cleanupDashboards, renderDashboard, visibleLines, visibleWidth} from './helpers/dashboard-harness.js';

test.after.always(cleanupDashboards);

test('wide names keep the account list\'s badge column in line and within the terminal', async t => {
	const names = ['山田太郎@contoso.co.jp', 'alice@contoso.com', '🦊 fox@example.com', '非常に長い名前のアカウントです非常に長い名前のアカウントです@contoso.co.jp'];
	const services = new FakeServices({accounts: names.map((name, index) => makeAccount({id: `wide-${index}`, name}))});
	const dashboard = renderDashboard(services, {columns: 100, rows: 30});
	t.teardown(() => dashboard.unmount());
	const frame = await dashboard.waitForScreen('alice@contoso.com');
	const lines = visibleLines(frame);
	t.true(lines.every(line => visibleWidth(line) <= 100), lines.filter(line => visibleWidth(line) > 100).join('\n'));
	const rows = lines.filter(line => /^\W*(山田|alice@contoso|🦊|非常に)/.test(line));
	t.is(rows.length, 4, lines.join('\n'));
	const badgeColumn = (line: string) => visibleWidth(line.slice(0, line.search(/\b(valid|expiring|expired|sign in)\b/)));
	t.is(new Set(rows.map(badgeColumn)).size, 1, rows.join('\n'));
});
