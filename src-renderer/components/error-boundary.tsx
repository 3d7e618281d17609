/**
 * Catches a rendering error anywhere below it and shows what happened instead of a blank window; the rest of the
 * app (and the running training job, which lives outside the window) is unaffected.
 */
import { Component, type ErrorInfo, type ReactNode } from 'react';
import { TEST_IDS } from '../test-ids.ts';

interface Props {
  children: ReactNode;
  /** Where the boundary sits, for the message ("the Network view"). */
  place: string;
  /** Changing this key clears the error (e.g. switching views). */
  resetKey?: string;
}

interface State {
  error: Error | null;
}

export class ErrorBoundary extends Component<Props, State> {
  override state: State = { error: null };

  static getDerivedStateFromError(error: Error): State {
    return { error };
  }

  override componentDidUpdate(previous: Props): void {
    if (previous.resetKey !== this.props.resetKey && this.state.error) this.setState({ error: null });
  }

  override componentDidCatch(error: Error, info: ErrorInfo): void {
    // Kept in the console for bug reports; the user sees the message below.
    console.error(`PathReg Studio: ${this.props.place} failed`, error, info.componentStack);
  }

  override render(): ReactNode {
    if (!this.state.error) return this.props.children;
    return (
      <div className="crash" role="alert" data-testid={TEST_IDS.app.crash}>
        <h2>{this.props.place} could not be shown</h2>
        <p>{this.state.error.message}</p>
        <p>Your data and any running training are not affected. Try again, or choose another view.</p>
        <button type="button" data-testid={TEST_IDS.app.crashReload} onClick={() => this.setState({ error: null })}>
          Try again
        </button>
      </div>
    );
  }
}
