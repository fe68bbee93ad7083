/**
 * Catches a rendering failure anywhere below it and hands it to `onCrash` instead of letting
 * Ink print a stack trace over the screen; the app then exits, which restores the terminal.
 */
import {Component, type ReactNode} from 'react';

interface Props {
	onCrash: (error: Error) => void;
	children: ReactNode;
}

export class CrashGuard extends Component<Props, {crashed: boolean}> {
	override state = {crashed: false};

	static getDerivedStateFromError(): {crashed: boolean} {
		return {crashed: true};
	}

	override componentDidCatch(error: unknown): void {
		this.props.onCrash(error instanceof Error ? error : new Error(String(error)));
	}

	override render(): ReactNode {
		return this.state.crashed ? null : this.props.children;
	}
}
