/**
 * The one loss history of the product: a bounded series of per-iteration points, evenly spread over the run. Every
 * iteration is offered; at most `capacity` are kept; when full, every other point is dropped and the stride doubles,
 * so a 100,000-iteration run still redraws fast. A point from an earlier iteration than the last kept one is a
 * restart from a checkpoint (after a non-finite loss): what it undid is dropped. The window's live history
 * (src-main/jobs/job-runner.ts) and the run folder's history.csv (loss-history.ts) are both this series.
 */
export class ThinnedSeries<P extends { iteration: number }> {
  private points: P[] = [];
  private stride = 1;
  private latest: P | null = null;

  constructor(private readonly capacity = 2000) {}

  add(point: P): void {
    this.latest = point;
    while (this.points.length && this.points[this.points.length - 1].iteration > point.iteration) this.points.pop();
    if (this.points.length && this.points[this.points.length - 1].iteration === point.iteration) {
      this.points[this.points.length - 1] = point;
      return;
    }
    if (point.iteration % this.stride !== 0) return;
    this.points.push(point);
    if (this.points.length >= this.capacity) {
      this.stride *= 2;
      this.points = this.points.filter((kept) => kept.iteration % this.stride === 0);
    }
  }

  /** The kept points plus the latest one, in iteration order. */
  list(): P[] {
    const last = this.points[this.points.length - 1];
    if (this.latest && (!last || last.iteration < this.latest.iteration)) return [...this.points, this.latest];
    return [...this.points];
  }

  static from<P extends { iteration: number }>(points: P[], capacity = 2000): ThinnedSeries<P> {
    const series = new ThinnedSeries<P>(capacity);
    for (const point of points) series.add(point);
    return series;
  }
}
