/**
 * Pause and cancel requests for a running training loop. Requests can come at any time (a UI button, SIGINT);
 * the loop acknowledges them between iterations, so an iteration is never cut in half and the state it leaves is
 * always a consistent checkpoint.
 */
export type ControlRequest = 'run' | 'pause' | 'cancel';

export class TrainingControl {
  private request: ControlRequest = 'run';
  private wakers: Array<() => void> = [];
  private readonly aborter = new AbortController();

  /** Aborted by `cancel`, for work that checks a signal rather than awaiting `nextAction` (the velocity fit). */
  get signal(): AbortSignal {
    return this.aborter.signal;
  }

  /** What has been asked of the loop most recently. */
  get requested(): ControlRequest {
    return this.request;
  }

  pause(): void {
    if (this.request === 'run') this.request = 'pause';
  }

  resume(): void {
    if (this.request !== 'pause') return;
    this.request = 'run';
    this.wake();
  }

  /** Cancelling wins over pausing and cannot be undone. */
  cancel(): void {
    this.request = 'cancel';
    this.aborter.abort(new TrainingCancelled());
    this.wake();
  }

  /** Resolves once the loop may go on ('run') or must stop ('cancel'); waits as long as a pause lasts. */
  async nextAction(): Promise<'run' | 'cancel'> {
    while (this.request === 'pause') {
      await new Promise<void>((resolve) => this.wakers.push(resolve));
    }
    return this.request === 'cancel' ? 'cancel' : 'run';
  }

  private wake(): void {
    const wakers = this.wakers;
    this.wakers = [];
    for (const wake of wakers) wake();
  }
}

/** The reason of an aborted `signal`: the user cancelled (not a failure). */
export class TrainingCancelled extends Error {
  constructor() {
    super('The fit was cancelled.');
    this.name = 'TrainingCancelled';
  }
}
