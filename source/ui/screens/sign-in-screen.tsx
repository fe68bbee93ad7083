/**
 * Device-code sign-in: shows the code large, the URL and a QR code, follows the polling loop
 * event by event, and counts down to the code's expiry. Esc aborts the request's signal and
 * leaves everything as it was; success hands the new account back to the router.
 */
import {Box} from 'ink';
import {useEffect, useRef} from 'react';
import type {SignInRequest} from '../../model/services.js';
import {BigUserCode} from '../components/big-user-code.js';
import {countdownText} from '../components/countdown.js';
import {Line, Tinted} from '../components/line.js';
import {PollStatus} from '../components/poll-status.js';
import {QrCode, qrRows} from '../components/qr-code.js';
import {ScreenFrame, type BodySize} from '../components/screen-frame.js';
import {describeError} from '../describe-error.js';
import {useBackground} from '../hooks/use-async.js';
import {useClock} from '../hooks/use-clock.js';
import {useLatestReducer} from '../hooks/use-latest-reducer.js';
import {useServices} from '../hooks/use-services.js';
import {useScreenInput} from '../hooks/use-screen-input.js';
import {matchAction, signInKeys} from '../keymap.js';
import {notice, type NoticeTone} from '../notice.js';
import {initialSignInState, signInReducer, type SignInState} from './sign-in-state.js';
import {useLatest} from '../hooks/use-latest.js';

export interface SignInScreenProps {
	request: SignInRequest;
	/** What the title calls this sign-in ("Add account", "Sign in again: alice@…"). */
	title: string;
	onSignedIn: (account: {id: string; name: string}) => void;
	onCancel: () => void;
}

/** The right-hand column needs this much room for the big code and the status lines. */
const infoMinWidth = 38;

export function SignInScreen({request, title, onSignedIn, onCancel}: SignInScreenProps) {
	const services = useServices();
	const now = useClock();
	const [state, dispatch, latest] = useLatestReducer(signInReducer, () => initialSignInState);
	const controllerRef = useRef<AbortController | undefined>(undefined);
	const onSignedInRef = useLatest(onSignedIn);
	const say = (tone: NoticeTone, text: string) => {
		dispatch({type: 'notice', notice: notice(tone, text)});
	};

	const run = useBackground(error => {
		say('bad', describeError(error));
	});

	useEffect(() => {
		const controller = new AbortController();
		controllerRef.current = controller;
		const {signal} = controller;
		void (async () => {
			try {
				for await (const event of services.signIn({...request, signal})) {
					if (signal.aborted) {
						return;
					}

					dispatch({type: 'event', event});
					if (event.type === 'success') {
						onSignedInRef.current({id: event.accountId, name: event.accountName});
						return;
					}

					if (event.type === 'failure') {
						return;
					}
				}

				if (!signal.aborted) {
					dispatch({type: 'stream-ended'});
				}
			} catch (error) {
				if (!signal.aborted) {
					dispatch({type: 'stream-failed', error});
				}
			}
		})();
		return () => {
			controller.abort();
		};
		// A new attempt (Enter after a failure) starts a new stream; the request itself is fixed per screen.
		// eslint-disable-next-line react-hooks/exhaustive-deps
	}, [state.attempt]);

	// The code's own lifetime ends the wait even if the server never says so.
	const expiresAt = state.code?.expiresAt;
	useEffect(() => {
		if (state.phase === 'waiting' && expiresAt !== undefined && now >= expiresAt) {
			controllerRef.current?.abort();
			dispatch({type: 'code-expired'});
		}
	}, [now, expiresAt, state.phase, dispatch]);

	useScreenInput((input, key) => {
		const current = latest.current;
		switch (matchAction(signInKeys, input, key)) {
			case 'cancel': {
				controllerRef.current?.abort();
				onCancel();
				break;
			}

			case 'retry': {
				if (current.phase === 'failed' || current.phase === 'expired') {
					dispatch({type: 'retry'});
				}

				break;
			}

			case 'open': {
				const url = current.code?.verificationUriComplete ?? current.code?.verificationUri ?? current.browser?.url;
				if (url) {
					run(async () => {
						const opened = await services.browser.open(url);
						say(opened ? 'ok' : 'warn', opened ? 'Opened the sign-in page in the browser' : `No browser could be started; open ${url} yourself`);
					});
				}

				break;
			}

			case 'copy-code': {
				const code = current.code?.userCode;
				if (code) {
					run(async () => {
						await services.clipboard.write(code);
						say('ok', `Copied the code ${code}`);
					});
				}

				break;
			}

			default:
		}
	});

	return (
		<ScreenFrame title={title} notice={state.notice} bindings={signInKeys}>
			{size => <SignInBody state={state} size={size} now={now} />}
		</ScreenFrame>
	);
}

function SignInBody({state, size, now}: {state: SignInState; size: BodySize; now: number}) {
	if (state.phase === 'expired') {
		return (
			<Box flexDirection="column">
				<Line bold tone="bad">The code expired before the sign-in finished.</Line>
				<Line>Nothing was stored. Press Enter for a new code, or Esc to go back.</Line>
			</Box>
		);
	}

	if (state.phase === 'failed') {
		return (
			<Box flexDirection="column">
				<Line bold tone="bad">The sign-in did not finish.</Line>
				<Line>{state.error}</Line>
				<Line />
				<Line>Press Enter to try again, or Esc to go back.</Line>
			</Box>
		);
	}

	if (state.phase === 'succeeded') {
		return <Line tone="ok">Signed in.</Line>;
	}

	const {code} = state;
	if (!code) {
		return state.browser
			? (
				<Box flexDirection="column">
					<Line>{state.browser.opened ? 'Finish signing in in the browser.' : 'Open this page to sign in:'}</Line>
					<Line bold tone="accent">{state.browser.url}</Line>
				</Box>
			)
			: <Line tone="muted">Asking for a code…</Line>;
	}

	const url = code.verificationUriComplete ?? code.verificationUri;
	const qr = qrRows(url);
	const showQr = qr !== undefined && qr.length <= size.height && size.width - ([...qr[0]!].length + 2) >= infoMinWidth;
	const infoWidth = showQr ? size.width - [...qr[0]!].length - 2 : size.width;
	const expiry = countdownText(code.expiresAt, now);
	return (
		<Box flexDirection="row">
			{showQr ? <Box marginRight={2}><QrCode rows={qr} /></Box> : null}
			<Box flexDirection="column" width={infoWidth}>
				<Line tone="muted">Open this page and enter the code:</Line>
				<Line bold tone="accent">{code.verificationUri}</Line>
				<Line />
				<BigUserCode code={code.userCode} width={infoWidth} />
				<Line />
				<PollStatus polls={state.polls} nextPollAt={state.nextPollAt} slowedTo={state.slowedTo} retrying={state.retrying} />
				<Line>
					<Tinted tone="muted">Code expires in </Tinted>
					<Tinted tone={expiry.tone}>{expiry.text}</Tinted>
				</Line>
				{state.warnings.map(warning => <Line key={warning} tone="warn">{`! ${warning}`}</Line>)}
				{code.message ? <Line tone="muted">{code.message}</Line> : null}
				{showQr || qr === undefined ? null : <Line tone="muted">(Enlarge the terminal to see a QR code.)</Line>}
			</Box>
		</Box>
	);
}
