// AVA 8 rejects the object form of `extensions` in package.json; this config runs the
// emulator's tests meanwhile: `npx ava --config test/emulator/ava.config.js`.
export default {
	extensions: ['ts'],
	nodeArguments: ['--import=tsx'],
	files: ['test/emulator/**/*.test.ts'],
	timeout: '120s',
	concurrency: 2,
	workerThreads: false,
};
