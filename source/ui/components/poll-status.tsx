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
				{` Waiting for you to sign in · ${polls} poll${polls === 1 ? '' : 's'}${next}`}
			</Line>
			{slowedTo === undefined ? null : <Line tone="warn">{`Server asked to slow down: polling every ${slowedTo} s now`}</Line>}
			{retrying ? <Line tone="warn">{`Retrying after a network error (attempt ${retrying.attempt}): ${retrying.reason}`}</Line> : null}
		</Box>
	);
}
