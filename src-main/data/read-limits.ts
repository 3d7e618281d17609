/**
 * Bounds every reader checks before it allocates: a small file can declare an enormous shape (a damaged header, or a
 * deliberate "bomb"), and allocating what it declares would exhaust the machine long before any value is read.
 */
import { freemem } from 'node:os';

/** Largest HDF5 chunk read: HDF5 inflates a whole chunk at once. Writers' defaults are ≤ 1 MB (h5py) or 16 KB (loompy). */
export const MAX_CHUNK_BYTES = 256 * 1024 ** 2;

/** Largest single allocation a reader makes, whatever the machine: WebAssembly's heap (h5wasm) stops at 4 GB. */
const MAX_SINGLE_ALLOCATION_BYTES = 2 * 1024 ** 3;

/** What is always allowed, so a busy machine with little free memory still reads ordinary files. */
const FLOOR_BYTES = 256 * 1024 ** 2;

/**
 * The most one read may allocate now: half the memory the system reports available (other programs and this
 * process's copies need the rest), at least 256 MB and at most 2 GB.
 */
export function allocationBudgetBytes(): number {
  return Math.min(MAX_SINGLE_ALLOCATION_BYTES, Math.max(FLOOR_BYTES, Math.floor(freemem() / 2)));
}

/**
 * What a reader may hold in total for one data set's values (a CSV table, a block of genes): half the memory the
 * system reports available, at least 256 MB. Above it the machine would swap or the process be killed mid-read.
 */
export function dataMemoryBudgetBytes(): number {
  return Math.max(FLOOR_BYTES, Math.floor(freemem() / 2));
}

/** Bytes in the units the messages use: "820 MB", "1.5 GB", "21 KB". */
export function formatBytes(bytes: number): string {
  if (bytes >= 1024 ** 3) return `${(bytes / 1024 ** 3).toFixed(1)} GB`;
  if (bytes >= 1024 ** 2) return `${Math.round(bytes / 1024 ** 2)} MB`;
  if (bytes >= 1024) return `${Math.round(bytes / 1024)} KB`;
  return `${bytes} bytes`;
}
