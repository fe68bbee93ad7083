/**
 * Every key the dashboard understands, as data: the screens match input against it, the hint
 * bar shows its short labels and `?` renders it whole. Changing a key is a one-line edit here.
 */
import type {Key} from 'ink';

export type SpecialKey = 'up' | 'down' | 'left' | 'right' | 'enter' | 'escape' | 'tab' | 'backspace' | 'pageUp' | 'pageDown';

export type Chord = {char: string; ctrl?: boolean} | {special: SpecialKey};

export interface Binding<A extends string = string> {
	action: A;
	chords: readonly Chord[];
	/** How the keys are written in the keymap and hints. */
	keys: string;
	description: string;
	/** Short label for the hint bar; bindings without one only appear under `?`. */
	hint?: string;
}

export type MainAction =
	| 'up' | 'down' | 'default' | 'add' | 'refresh' | 'copy' | 'copy-header'
	| 'scopes' | 'tenant' | 'sign-out' | 'filter' | 'error' | 'help' | 'quit' | 'back';

export type SignInAction = 'open' | 'copy-code' | 'retry' | 'cancel';
export type AddAccountAction = 'next-field' | 'previous-field' | 'previous-choice' | 'next-choice' | 'submit' | 'cancel';
export type AuditAction = 'previous-token' | 'next-token' | 'scroll-up' | 'scroll-down' | 'help' | 'back';
export type PickerAction = 'up' | 'down' | 'choose' | 'back';
export type ConfirmAction = 'yes' | 'no';
export type HelpAction = 'scroll-up' | 'scroll-down' | 'back';

const up: Chord[] = [{special: 'up'}, {char: 'k'}];
const down: Chord[] = [{special: 'down'}, {char: 'j'}];

export const mainKeys: ReadonlyArray<Binding<MainAction>> = [
	{action: 'up', chords: up, keys: '↑ k', description: 'Select the previous account'},
	{action: 'down', chords: down, keys: '↓ j', description: 'Select the next account', hint: 'move'},
	{action: 'default', chords: [{special: 'enter'}], keys: 'Enter', description: 'Make the account the default (or sign in again when it needs it)', hint: 'default'},
	{action: 'add', chords: [{char: 'a'}], keys: 'a', description: 'Add an account (sign in)', hint: 'add'},
	{action: 'refresh', chords: [{char: 'r'}], keys: 'r', description: 'Refresh the token now', hint: 'refresh'},
	{action: 'copy', chords: [{char: 'c'}], keys: 'c', description: 'Copy the access token (cleared from the clipboard after 45 s)', hint: 'copy'},
	{action: 'copy-header', chords: [{char: 'C'}], keys: 'C', description: 'Copy "Authorization: Bearer <token>"', hint: 'header'},
	{action: 'scopes', chords: [{char: 's'}], keys: 's', description: 'Scope audit of the account\'s tokens', hint: 'scopes'},
	{action: 'tenant', chords: [{char: 't'}], keys: 't', description: 'Switch the account\'s active tenant', hint: 'tenant'},
	{action: 'sign-out', chords: [{char: 'x'}], keys: 'x', description: 'Sign out: remove the account and its secrets (asks first)', hint: 'sign out'},
	{action: 'filter', chords: [{char: '/'}], keys: '/', description: 'Filter accounts by name, user or tenant', hint: 'filter'},
	{action: 'error', chords: [{char: 'e'}], keys: 'e', description: 'Show the full text of the last error'},
	{action: 'help', chords: [{char: '?'}], keys: '?', description: 'Show all keys', hint: 'keys'},
	{action: 'quit', chords: [{char: 'q'}], keys: 'q', description: 'Quit', hint: 'quit'},
	{action: 'back', chords: [{special: 'escape'}], keys: 'Esc', description: 'Clear the filter, close a prompt'},
];

export const pickerKeys: ReadonlyArray<Binding<PickerAction>> = [
	{action: 'up', chords: up, keys: '↑ k', description: 'Previous tenant'},
	{action: 'down', chords: down, keys: '↓ j', description: 'Next tenant', hint: 'move'},
	{action: 'choose', chords: [{special: 'enter'}], keys: 'Enter', description: 'Use this tenant', hint: 'use tenant'},
	{action: 'back', chords: [{special: 'escape'}], keys: 'Esc', description: 'Keep the current tenant', hint: 'cancel'},
];

export const confirmKeys: ReadonlyArray<Binding<ConfirmAction>> = [
	{action: 'yes', chords: [{char: 'y'}], keys: 'y', description: 'Yes, do it', hint: 'yes'},
	{action: 'no', chords: [{char: 'n'}, {special: 'escape'}], keys: 'n Esc', description: 'No, leave everything as it is', hint: 'no'},
];

export const filterKeys: ReadonlyArray<Binding<'accept' | 'clear' | 'erase'>> = [
	{action: 'accept', chords: [{special: 'enter'}], keys: 'Enter', description: 'Keep the filter and go back to the list', hint: 'keep'},
	{action: 'erase', chords: [{special: 'backspace'}], keys: '⌫', description: 'Delete the last character'},
	{action: 'clear', chords: [{special: 'escape'}], keys: 'Esc', description: 'Clear the filter', hint: 'clear'},
];

export const signInKeys: ReadonlyArray<Binding<SignInAction>> = [
	{action: 'open', chords: [{char: 'o'}], keys: 'o', description: 'Open the verification page in the browser', hint: 'open browser'},
	{action: 'copy-code', chords: [{char: 'y'}], keys: 'y', description: 'Copy the user code', hint: 'copy code'},
	{action: 'retry', chords: [{special: 'enter'}], keys: 'Enter', description: 'Get a new code after a failure or expiry'},
	{action: 'cancel', chords: [{special: 'escape'}], keys: 'Esc', description: 'Cancel; nothing is stored', hint: 'cancel'},
];

export const addAccountKeys: ReadonlyArray<Binding<AddAccountAction>> = [
	{action: 'previous-field', chords: [{special: 'up'}], keys: '↑', description: 'Previous field'},
	{action: 'next-field', chords: [{special: 'down'}, {special: 'tab'}], keys: '↓ Tab', description: 'Next field', hint: 'next field'},
	{action: 'previous-choice', chords: [{special: 'left'}], keys: '←', description: 'Previous provider (on the provider field)'},
	{action: 'next-choice', chords: [{special: 'right'}], keys: '→', description: 'Next provider (on the provider field)', hint: 'provider'},
	{action: 'submit', chords: [{special: 'enter'}], keys: 'Enter', description: 'Sign in with these settings', hint: 'sign in'},
	{action: 'cancel', chords: [{special: 'escape'}], keys: 'Esc', description: 'Back to the accounts', hint: 'cancel'},
];

export const auditKeys: ReadonlyArray<Binding<AuditAction>> = [
	{action: 'previous-token', chords: [{special: 'left'}, {char: 'h'}], keys: '← h', description: 'Previous token'},
	{action: 'next-token', chords: [{special: 'right'}, {char: 'l'}], keys: '→ l', description: 'Next token', hint: 'token'},
	{action: 'scroll-up', chords: up, keys: '↑ k', description: 'Scroll up'},
	{action: 'scroll-down', chords: down, keys: '↓ j', description: 'Scroll down', hint: 'scroll'},
	{action: 'help', chords: [{char: '?'}], keys: '?', description: 'Show all keys', hint: 'keys'},
	{action: 'back', chords: [{special: 'escape'}, {char: 'q'}], keys: 'Esc q', description: 'Back to the accounts', hint: 'back'},
];

export const errorKeys: ReadonlyArray<Binding<HelpAction>> = [
	{action: 'scroll-up', chords: up, keys: '↑ k', description: 'Scroll up'},
	{action: 'scroll-down', chords: down, keys: '↓ j', description: 'Scroll down', hint: 'scroll'},
	{action: 'back', chords: [{special: 'escape'}, {char: 'e'}, {char: 'q'}], keys: 'Esc e q', description: 'Close the error', hint: 'back'},
];

export const helpKeys: ReadonlyArray<Binding<HelpAction>> = [
	{action: 'scroll-up', chords: up, keys: '↑ k', description: 'Scroll up'},
	{action: 'scroll-down', chords: down, keys: '↓ j', description: 'Scroll down', hint: 'scroll'},
	{action: 'back', chords: [{special: 'escape'}, {char: '?'}, {char: 'q'}], keys: 'Esc ? q', description: 'Close this list', hint: 'back'},
];

/** The sections `?` shows, in order. Ctrl-C is handled by the app itself but listed for users. */
export const keymapSections: ReadonlyArray<{title: string; bindings: readonly Binding[]}> = [
	{title: 'Accounts', bindings: mainKeys},
	{title: 'Filter (after /)', bindings: filterKeys},
	{title: 'Tenant picker (after t)', bindings: pickerKeys},
	{title: 'Confirmation', bindings: confirmKeys},
	{title: 'Add account', bindings: addAccountKeys},
	{title: 'Sign-in (device code)', bindings: signInKeys},
	{title: 'Scope audit', bindings: auditKeys},
	{title: 'Full error (after e)', bindings: errorKeys},
	{title: 'Anywhere', bindings: [{action: 'exit', chords: [{char: 'c', ctrl: true}], keys: 'Ctrl-C', description: 'Leave msid at once (cancels a sign-in in progress)'}]},
];

/** The action bound to this key press, if any. */
export function matchAction<A extends string>(bindings: ReadonlyArray<Binding<A>>, input: string, key: Key): A | undefined {
	return bindings.find(binding => binding.chords.some(chord => chordMatches(chord, input, key)))?.action;
}

export function chordMatches(chord: Chord, input: string, key: Key): boolean {
	if ('special' in chord) {
		return specialPressed(chord.special, key);
	}

	if (key.meta || Boolean(chord.ctrl) !== key.ctrl) {
		return false;
	}

	return input === chord.char;
}

function specialPressed(special: SpecialKey, key: Key): boolean {
	switch (special) {
		case 'up': {
			return key.upArrow;
		}

		case 'down': {
			return key.downArrow;
		}

		case 'left': {
			return key.leftArrow;
		}

		case 'right': {
			return key.rightArrow;
		}

		case 'enter': {
			return key.return;
		}

		case 'escape': {
			return key.escape;
		}

		case 'tab': {
			return key.tab && !key.shift;
		}

		case 'backspace': {
			return key.backspace || key.delete;
		}

		case 'pageUp': {
			return key.pageUp;
		}

		case 'pageDown': {
			return key.pageDown;
		}
	}
}

/** True for a key press that is text to type (filter box, form fields), not a command. */
export function isTypedText(input: string, key: Key): boolean {
	return input !== '' && !key.ctrl && !key.meta && !key.return && !key.escape && !key.tab && !key.backspace && !key.delete
		&& !key.upArrow && !key.downArrow && !key.leftArrow && !key.rightArrow
		&& !/[\u0000-\u001F\u007F]/.test(input);
}
