import { fileURLToPath } from 'node:url';

/** The team's shared data sets: ../shared/data beside the checkout, on dev machines and in CI alike. */
export const SHARED_DATA = fileURLToPath(new URL('../../shared/data', import.meta.url));
