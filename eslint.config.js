// The layer rules of docs/architecture.md, enforced rather than remembered. Each folder of
// source/ may import only the folders below it:
//
//   entry points   cli.tsx, quick-token.ts, env.ts
//   faces          commands/, ui/, shell-env/
//   use cases      app/ (create-services over sign-in/ -> tokens/ -> accounts/ -> runtime/)
//   infrastructure identity/, storage/, system/
//   shared types   model/
//   apart          emulator/ (imports model/ and system/ only; only `msid demo` starts it)
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const uiOnly = ['ink', 'ink-*', 'react', 'react/*', 'ink-spinner'];
const coreOnly = ['oauth4webapi', '@napi-rs/keyring', '@napi-rs/keyring/*', 'keytar', 'conf', 'ajv', 'execa', 'clipboardy', 'node:child_process', 'node:http', 'node:https'];
const folder = name => [`**/${name}/**`, `**/${name}`];

/** One lint block per folder: `may` lists the source folders it may import. */
function layer(name, may, extra = {}) {
	const all = ['model', 'system', 'storage', 'identity', 'app', 'shell-env', 'commands', 'ui', 'emulator'];
	const banned = all.filter(other => other !== name && !may.includes(other));
	const patterns = [
		...(banned.length > 0 ? [{group: banned.flatMap(other => folder(other)), message: `source/${name} may import only ${may.length > 0 ? may.join(', ') : 'its own folder'} (docs/architecture.md).`}] : []),
		...(name === 'ui' ? [] : [{group: uiOnly, message: 'Ink and React belong in source/ui (docs/architecture.md).'}]),
		...(extra.patterns ?? []),
	];
	return {files: [`source/${name}/**/*.{ts,tsx}`], ignores: extra.ignores ?? [], rules: {'@typescript-eslint/no-restricted-imports': ['error', {patterns}]}};
}

/**
 * Inside app/: sign-in uses tokens and accounts, tokens uses accounts, accounts uses neither;
 * integrations (tokens handed to other tools) use tokens and accounts, never sign-in.
 */
function appPart(name, banned) {
	return {
		files: [`source/app/${name}/**/*.ts`],
		rules: {
			'@typescript-eslint/no-restricted-imports': ['error', {
				patterns: [
					{group: ['**/ui/**', '**/commands/**', '**/shell-env/**', '**/emulator/**'], message: 'The use-case layer is below the faces (docs/architecture.md).'},
					{group: uiOnly, message: 'Ink and React belong in source/ui (docs/architecture.md).'},
					...banned.map(other => ({group: [`../${other}/**`], message: `app/${name} must not import app/${other}: ${other} is above it (docs/architecture.md).`})),
				],
			}],
		},
	};
}

export default tseslint.config(
	{ignores: ['dist/**', 'node_modules/**', '.ci/**']},
	{
		files: ['source/**/*.{ts,tsx}', 'test/**/*.{ts,tsx}'],
		languageOptions: {parser: tseslint.parser},
		plugins: {'@typescript-eslint': tseslint.plugin, 'react-hooks': reactHooks},
		rules: {
			'no-debugger': 'error',
			'react-hooks/rules-of-hooks': 'error',
			'react-hooks/exhaustive-deps': 'warn',
			'react-hooks/refs': 'error',
		},
	},
	layer('model', []),
	layer('system', ['model']),
	layer('storage', ['model', 'system']),
	layer('identity', ['model', 'system']),
	layer('app', ['model', 'system', 'storage', 'identity'], {ignores: ['source/app/*/**']}),
	appPart('runtime', ['accounts', 'tokens', 'sign-in', 'integrations']),
	appPart('accounts', ['tokens', 'sign-in', 'integrations']),
	appPart('tokens', ['sign-in', 'integrations']),
	appPart('sign-in', ['integrations']),
	appPart('integrations', ['sign-in']),
	layer('shell-env', ['model', 'app', 'system', 'storage', 'identity']),
	layer('commands', ['model', 'app', 'system', 'storage', 'identity', 'shell-env', 'emulator', 'ui']),
	layer('emulator', ['model', 'system']),
	{
		files: ['source/ui/**/*.{ts,tsx}'],
		rules: {
			'@typescript-eslint/no-restricted-imports': [
				'error',
				{
					patterns: [
						{group: coreOnly, message: 'The UI gets protocol, keychain, config and process work through Services (docs/architecture.md).'},
						{group: ['**/commands/**', '**/shell-env/**', '**/emulator/**'], message: 'The UI is a face of its own: it does not import the other faces (docs/architecture.md).'},
						{
							group: ['**/storage/**', '**/identity/**', '**/app/**', '**/system/**', '!**/identity/scope-audit.js', '!**/identity/jwt-claims.js', '!**/app/accounts', '!**/app/accounts/refresh-rule.js'],
							allowTypeImports: true,
							message: 'The UI reaches the core only through Services (type imports of data shapes are fine).',
						},
					],
				},
			],
		},
	},
	{
		files: ['test/**/*.{ts,tsx}'],
		rules: {
			'no-restricted-syntax': ['error', {selector: "MemberExpression[property.name='only']", message: 'A focused test hides the rest of the suite.'}],
		},
	},
);
