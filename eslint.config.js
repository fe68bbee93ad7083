// The layer rules of architecture.md, enforced rather than remembered: no Ink or React
// outside the UI, and no protocol, keychain, config or process library inside it.
import reactHooks from 'eslint-plugin-react-hooks';
import tseslint from 'typescript-eslint';

const uiOnly = ['ink', 'ink-*', 'react', 'react/*', 'ink-spinner', 'ink-testing-library'];
const coreOnly = ['oauth4webapi', '@napi-rs/keyring', '@napi-rs/keyring/*', 'keytar', 'conf', 'execa', 'clipboardy', 'node:child_process', 'node:http', 'node:https'];

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
		},
	},
	{
		files: ['source/**/*.{ts,tsx}'],
		ignores: ['source/ui/**', 'source/cli.tsx'],
		rules: {
			'no-restricted-imports': ['error', {patterns: [{group: uiOnly, message: 'Ink and React belong in source/ui (architecture.md).'}]}],
		},
	},
	{
		files: ['source/ui/**/*.{ts,tsx}'],
		rules: {
			'@typescript-eslint/no-restricted-imports': [
				'error',
				{
					patterns: [
						{group: coreOnly, message: 'The UI gets protocol, keychain, config and process work through Services (architecture.md).'},
						{
							group: ['**/storage/*', '**/identity/*', '!**/identity/scope-audit.js', '!**/identity/jwt-claims.js'],
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
