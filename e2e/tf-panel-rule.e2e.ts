// The automatic TF-list rule in the Data view (issue 13), in Debian's chromium against `pathreg serve`: a BEELINE
// panel of 8 genes (VSC) with the TF list left automatic says that every gene may regulate, and why; choosing the
// same list by name says only its TFs regulate, since a chosen list is honoured.
import path from 'node:path';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { TEST_IDS } from '../src-renderer/test-ids.ts';
import type { AppActions } from './app-actions.ts';
import { chromiumSkipReason } from './app-in-chromium.ts';
import type { LaunchedBrowser } from './chromium.ts';
import { REPO_ROOT } from './serve-process.ts';
import { openAppInSharedChromium, useSharedServe, type SpecServe } from './shared-app.ts';

const unavailable = chromiumSkipReason('the automatic TF-list rule end-to-end test');
const VSC = path.resolve(REPO_ROOT, '..', 'shared', 'data', 'beeline-dev', 'VSC_2000_0');

describe.skipIf(unavailable !== null)('the automatic TF-list rule in the Data view', () => {
  let serve: SpecServe;
  let browser: LaunchedBrowser;
  let app: AppActions;
  let pageErrors: string[];

  beforeAll(async () => {
    serve = await useSharedServe();
    ({ browser, app, pageErrors } = await openAppInSharedChromium(serve.url));
  });

  afterAll(async () => {
    await browser?.close();
    await serve?.stop();
  });

  it('a panel of 8 genes with the automatic list: every gene may regulate; the list chosen by name: only its TFs', async () => {
    await app.openPath(VSC);
    await expect.poll(async () => (await app.byId(TEST_IDS.data.summary).textContent()) ?? '', { timeout: 30_000 }).toMatch(/VSC_2000_0/);
    const overlap = app.byId(TEST_IDS.data.tfOverlap);
    await expect.poll(() => overlap.getAttribute('data-rule'), { timeout: 30_000 }).toBe('panel');
    await expect(overlap.textContent()).resolves.toMatch(
      /^\d of the 8 genes of the data set are transcription factors of pathreg-basegrn-human .*Automatic rule: 8 genes are a hand-picked panel \(at most 30\), so with the TF list chosen automatically every gene may regulate/,
    );
    await app.byId(TEST_IDS.data.tfList).selectOption('bundled:pathreg-basegrn-human');
    await expect.poll(() => overlap.getAttribute('data-rule'), { timeout: 10_000 }).toBe('chosen');
    await expect(overlap.textContent()).resolves.toMatch(/with the default Regulators setting only they can regulate\.$/);
    expect(pageErrors).toEqual([]);
  });
});
