/**
 * Runs a program with text on its standard input: the way a secret is handed to a helper
 * program without ever appearing in its argv.
 */
import {spawn} from 'node:child_process';

export interface ProgramOutcome {
	code: number | null;
	stdout: string;
	stderr: string;
}

/** The program's exit code and everything it printed; rejects only when it cannot start. */
export async function runCaptured(command: string, args: string[], env: NodeJS.ProcessEnv, input = ''): Promise<ProgramOutcome> {
	return new Promise((resolve, reject) => {
		const child = spawn(command, args, {env, stdio: ['pipe', 'pipe', 'pipe'], windowsHide: true});
		let stdout = '';
		let stderr = '';
		child.stdout.setEncoding('utf8').on('data', (chunk: string) => {
			stdout += chunk;
		});
		child.stderr.setEncoding('utf8').on('data', (chunk: string) => {
			stderr += chunk;
		});
		child.once('error', reject);
		child.once('close', code => {
			resolve({code, stdout, stderr});
		});
		child.stdin.on('error', () => undefined); // A program that exits without reading: its exit code tells.
		child.stdin.end(input);
	});
}

/**
 * The program's standard output; a failure carries the first line of its stderr only, never
 * what it was given or printed.
 */
export async function runWithInput(command: string, args: string[], env: NodeJS.ProcessEnv, input = ''): Promise<string> {
	const {code, stdout, stderr} = await runCaptured(command, args, env, input);
	if (code !== 0) {
		throw new Error(`${command} ${args[0] ?? ''}: ${stderr.split('\n')[0] || `exit ${code}`}`);
	}

	return stdout;
}
