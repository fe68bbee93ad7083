/**
 * A short form before a new sign-in. Every field has a sane default, so Enter right away signs
 * in to Entra ID (tenant organizations, Graph CLI tools client, User.Read) with a device code.
 */
import {Box} from 'ink';
import type {SignInRequest} from '../../model/services.js';
import {Line, Tinted} from '../components/line.js';
import {ScreenFrame} from '../components/screen-frame.js';
import {padEnd} from '../format.js';
import {useLatestReducer} from '../hooks/use-latest-reducer.js';
import {useScreenInput} from '../hooks/use-screen-input.js';
import {addAccountKeys, isTypedText, matchAction} from '../keymap.js';
import {
	addAccountReducer,
	fieldLabels,
	fieldsFor,
	initialAddAccountState,
	placeholderFor,
	formFlow,
	providers,
	toSignInRequest,
} from './add-account-state.js';

export interface AddAccountScreenProps {
	onSubmit: (request: SignInRequest) => void;
	onCancel: () => void;
}

export function AddAccountScreen({onSubmit, onCancel}: AddAccountScreenProps) {
	const [state, dispatch, latest] = useLatestReducer(addAccountReducer, () => initialAddAccountState);

	useScreenInput((input, key) => {
		const action = matchAction(addAccountKeys, input, key);
		switch (action) {
			case 'next-field':
			case 'previous-field': {
				dispatch({type: 'move', delta: action === 'next-field' ? 1 : -1});
				return;
			}

			case 'next-choice':
			case 'previous-choice': {
				dispatch({type: 'cycle-provider', delta: action === 'next-choice' ? 1 : -1});
				return;
			}

			case 'submit': {
				const result = toSignInRequest(latest.current);
				if ('error' in result) {
					dispatch({type: 'invalid', error: result.error});
				} else {
					onSubmit(result.request);
				}

				return;
			}

			case 'cancel': {
				onCancel();
				return;
			}

			default:
		}

		if (key.backspace || key.delete) {
			dispatch({type: 'erase'});
		} else if (isTypedText(input, key)) {
			dispatch({type: 'type', text: input});
		}
	});

	const labelWidth = 11;
	return (
		<ScreenFrame
			title="msid · add account"
			notice={state.error ? {tone: 'bad', text: state.error, order: 0} : undefined}
			bindings={addAccountKeys}
		>
			{() => (
				<Box flexDirection="column">
					<Line tone="muted">{formFlow(state.provider) === 'browser' ? 'Sign in in your browser.' : 'Sign in with a device code.'} Enter accepts, Esc cancels.</Line>
					<Line />
					{fieldsFor(state.provider).map(field => {
						const focused = state.focus === field;
						const pointer = focused ? '›' : ' ';
						if (field === 'provider') {
							return (
								<Line key={field} bold={focused}>
									<Tinted tone={focused ? 'accent' : 'muted'}>{`${pointer} ${padEnd(fieldLabels[field], labelWidth)}`}</Tinted>
									{providers.map(provider => (provider === state.provider ? `[${provider}]` : ` ${provider} `)).join(' ')}
									{focused ? <Tinted tone="muted">  ←→ to change</Tinted> : null}
								</Line>
							);
						}

						const value = state.values[field];
						return (
							<Line key={field} bold={focused}>
								<Tinted tone={focused ? 'accent' : 'muted'}>{`${pointer} ${padEnd(fieldLabels[field], labelWidth)}`}</Tinted>
								{value}
								{focused ? <Tinted tone="accent">_</Tinted> : null}
								{value === '' ? <Tinted tone="muted">{placeholderFor(field, state.provider)}</Tinted> : null}
							</Line>
						);
					})}
				</Box>
			)}
		</ScreenFrame>
	);
}
