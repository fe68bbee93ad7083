/**
 * The shells msid-env can write code for. `posix` is plain sh (dash, busybox ash): the
 * common subset that every Bourne-style shell reads the same way.
 */
export const shellKinds = ['bash', 'zsh', 'posix', 'fish', 'pwsh'] as const;

export type ShellKind = (typeof shellKinds)[number];

export function isShellKind(value: string): value is ShellKind {
	return (shellKinds as readonly string[]).includes(value);
}
