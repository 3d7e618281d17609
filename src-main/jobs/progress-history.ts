/**
 * A bounded loss history: every iteration is offered, at most `capacity` are kept, evenly spread over the run.
 * When full, every other point is dropped and the stride doubles, so a 100,000-iteration run still redraws fast
 * after a window reload.
 */
import type { TrainingProgress } from '../../src-shared/contract/types.ts';

export class ProgressHistory {
  private points: TrainingProgress[] = [];
  private stride = 1;
  private latest: TrainingProgress | null = null;

  constructor(private readonly capacity = 2000) {}

  add(progress: TrainingProgress): void {
    this.latest = progress;
    // An earlier iteration than the last kept one is a restart from a checkpoint after a non-finite loss: drop what it undid.
    while (this.points.length && this.points[this.points.length - 1].iteration > progress.iteration) this.points.pop();
    if (progress.iteration % this.stride !== 0) return;
    this.points.push(progress);
    if (this.points.length >= this.capacity) {
      this.stride *= 2;
      this.points = this.points.filter((point) => point.iteration % this.stride === 0);
    }
  }

  /** The kept points plus the latest one, in iteration order. */
  list(): TrainingProgress[] {
    const last = this.points[this.points.length - 1];
    if (this.latest && (!last || last.iteration < this.latest.iteration)) return [...this.points, this.latest];
    return [...this.points];
  }

  static from(points: TrainingProgress[], capacity = 2000): ProgressHistory {
    const history = new ProgressHistory(capacity);
    for (const point of points) history.add(point);
    return history;
  }
}
