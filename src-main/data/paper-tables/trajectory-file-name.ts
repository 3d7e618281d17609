/**
 * The paper's naming, `LINEAGE_DONOR_norm.tsv[.gz]` (e.g. `eryth_12_norm.tsv.gz`: erythroid lineage, site 1
 * donor 2), also accepted without `_norm` and as `.csv` / `.txt`.
 */

/** File name endings a trajectory table may have. */
export const TRAJECTORY_TABLE_PATTERN = /\.(tsv|csv|txt)(\.gz)?$/i;

export interface TrajectoryFileName {
  /** File name without folder and extension, e.g. "eryth_12_norm". */
  stem: string;
  lineage: string;
  /** Empty when the name has no donor part. */
  donor: string;
}

/** Lineage and donor from a file name; the lineage may itself contain underscores ("CD14_mono_12_norm"). */
export function parseTrajectoryFileName(fileName: string): TrajectoryFileName {
  const stem = fileName.replace(TRAJECTORY_TABLE_PATTERN, '');
  const base = stem.replace(/_norm$/i, '');
  const cut = base.lastIndexOf('_');
  if (cut <= 0 || cut === base.length - 1) return { stem, lineage: base, donor: '' };
  return { stem, lineage: base.slice(0, cut), donor: base.slice(cut + 1) };
}

/** "eryth_12", or the lineage alone when there is no donor. */
export function trajectoryName(lineage: string, donor: string): string {
  return donor ? `${lineage}_${donor}` : lineage;
}
