import test from 'ava';
import {failureOutput, wantsJson} from '../../source/commands/failure-output.js';
import {CancelledError, MsidError, UsageError, type Remedy, type RemedyKind} from '../../source/model/errors.js';
import {failureLine, failureReport} from '../../source/shell-env/failure-text.js';
import {shellRemedy} from '../../source/shell-env/remedy-text.js';

const revoked = new MsidError('sign-in-required', 'Could not refresh the token of work (AADSTS70008): the refresh token has expired or was revoked: sign in again.', {
	remedy: {kind: 'sign-in', account: 'work'},
	facts: {serverMessage: 'AADSTS70008: The refresh token has expired due to inactivity.', serverCode: 'AADSTS70008'},
});

test('--json failures print {"error": {"code", "message"}} on stdout and the explanation on stderr', t => {
	for (const argv of [['token', '--format', 'json'], ['token', '--format=json'], ['list', '--json'], ['doctor', '--json']]) {
		const output = failureOutput(argv, revoked, false);
		const parsed = JSON.parse(output.stdout) as {error: {code: string; message: string; remedy: string; exitCode: number}};
		t.deepEqual(Object.keys(parsed), ['error']);
		t.is(parsed.error.code, 'sign-in-required');
		t.is(parsed.error.message, revoked.message);
		t.is(parsed.error.remedy, 'Run: msid login work');
		t.is(parsed.error.exitCode, 4);
		t.is(output.exitCode, 4);
		t.regex(output.stderr, /^msid: Could not refresh the token of work/);
	}
});

test('without --json nothing goes to stdout; options after -- belong to the command exec runs', t => {
	t.is(failureOutput(['token'], revoked, false).stdout, '');
	t.false(wantsJson(['exec', '--', 'jq', '--json']));
	t.false(wantsJson(['token', '--format', 'raw']));
	t.true(wantsJson(['exec', '--json', '--', 'x']));
});

test('exit statuses: 4 sign-in needed, 2 usage, 130 cancelled, 1 anything else', t => {
	t.is(failureOutput([], revoked, false).exitCode, 4);
	t.is(failureOutput([], new UsageError('Bad.'), false).exitCode, 2);
	t.is(failureOutput([], new CancelledError(), false).exitCode, 130);
	t.is(failureOutput([], Object.assign(new Error('aborted'), {name: 'AbortError'}), false).exitCode, 130);
	t.is(failureOutput([], new MsidError('network', 'No network.'), false).exitCode, 1);
	const unexpected = failureOutput(['list', '--json'], new TypeError('Cannot read properties of null'), false);
	t.is(unexpected.exitCode, 1);
	t.is((JSON.parse(unexpected.stdout) as {error: {code: string}}).error.code, 'unexpected');
});

test('the CLI names the command for a remedy, with a hostile account name quoted and printable', t => {
	t.is(shellRemedy({kind: 'sign-in', account: 'work'}), 'Run: msid login work');
	t.is(shellRemedy({kind: 'sign-in', account: "it's; rm -rf ~"}), String.raw`Run: msid login 'it'\''s; rm -rf ~'`);
	const hostile = shellRemedy({kind: 'sign-in', account: 'x\u001B[2J\u202E'});
	t.false(/[\u0000-\u001F\u007F-\u009F\u202A-\u202E]/.test(hostile));
	t.is(hostile, String.raw`Run: msid login 'x\u001b[2J\u202e'`);
	t.is(shellRemedy({kind: 'give-setting', setting: 'flow', value: 'browser'}), 'Give --flow browser.');
});

test('every remedy kind has a command-line wording; msid-env says it all on one line', t => {
	const remedies: Record<RemedyKind, Remedy> = {
		'sign-in': {kind: 'sign-in'},
		'give-setting': {kind: 'give-setting', setting: 'tenant'},
		'choose-account': {kind: 'choose-account'},
		'ask-admin': {kind: 'ask-admin', what: 'grant consent'},
		'retry-later': {kind: 'retry-later'},
		'check-network': {kind: 'check-network'},
		'fix-file': {kind: 'fix-file', path: '/tmp/config.json'},
		'app-registration': {kind: 'app-registration', what: 'enable public client flows'},
		'allow-directory': {kind: 'allow-directory', directory: '/tmp/project'},
		install: {kind: 'install', what: 'xsel'},
		'set-variable': {kind: 'set-variable', name: 'MSID_STORE', value: 'file'},
		'report-bug': {kind: 'report-bug'},
	};
	for (const remedy of Object.values(remedies)) {
		const text = shellRemedy(remedy);
		t.regex(text, /\S/);
		const line = failureLine('msid-env', failureReport(new MsidError('network', 'It failed.', {remedy, facts: {serverMessage: 'multi\nline\r\u001B[31m'}}), false));
		t.is(line.split('\n').length, 2, line);
		t.true(line.endsWith('\n'));
		t.true(line.startsWith(`msid-env: It failed. ${text}`), line);
	}
});

test('server text in a failure is made printable on every line the CLI writes', t => {
	const error = new MsidError('oauth-invalid_request', 'Could not sign in at evil\u001B]0;x\u0007.test.', {facts: {serverMessage: 'Denied\r\u001B[2K\u001B[1A$ fake prompt \u202Etxt.exe'}});
	const output = failureOutput(['login', '--json'], error, false);
	for (const text of [output.stderr, output.stdout]) {
		t.false(/[\u0000-\u0009\u000B-\u001F\u007F-\u009F\u202A-\u202E]/.test(text), JSON.stringify(text));
	}

	t.is(output.stderr.split('\n').length, 3, 'two lines: the message and what the server said');
	t.regex(output.stderr, /^The server said: Denied\\u000d\\u001b\[2K/m);
});
