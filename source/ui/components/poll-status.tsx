/**
 * The live line under a device code: a spinner, how many polls so far and when the next one
 * goes out, plus what changed the pace (slow_down) or interrupted it (a network error).
 */
import {Box} from 'ink';
import Spinner from 'ink-spinner';
import {useClock} from '../hooks/use-clock.js';
import {Line, Tinted} from './line.js';

interface Props {
	polls: number;
	nextPollAt: number | undefined;
	slowedTo: number | undefined;
	retrying: {attempt: number; reason: string} | undefined;
}

export function PollStatus({polls, nextPollAt, slowedTo, retrying}: Props) {
	const now = useClock();
	const next = nextPollAt === undefined ? '' : ` · next poll in ${Math.max(0, Math.ceil((nextPollAt - now) / 1000))} s`;
	return (
		<Box flexDirection="column">
			<Line>
				<Tinted tone="info"><Spinner type="dots" /></Tinted>
				{' Waiting for you to sign in'}
			</Line>
			<Line tone="muted">{`  ${polls} poll${polls === 1 ? '' : 's'} so far${next}`}</Line>
			{slowedTo === undefined ? null : <Line tone="warn">{`Server said slow_down: polling every ${slowedTo} s`}</Line>}
			{retrying ? <Line tone="warn">{`Retrying after a network error (#${retrying.attempt})`}</Line> : null}
			{retrying ? <Line tone="muted">{`  ${retrying.reason}`}</Line> : null}
		</Box>
	);
}
