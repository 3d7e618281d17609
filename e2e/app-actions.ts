/**
 * What a user does in PathReg Studio, as functions over a Playwright page, all found by data-testid
 * (src-renderer/test-ids.ts). End-to-end tests say what happens in these words, never with selectors.
 */
import { mkdir } from 'node:fs/promises';
import path from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { TEST_IDS } from '../src-renderer/test-ids.ts';
import { REPO_ROOT } from './serve-process.ts';

export const SCREENSHOT_DIR = path.join(REPO_ROOT, 'test-results', 'e2e');

type TabName = keyof typeof TEST_IDS.tab;

export interface ModelSettings {
  /** The fit method; given any trajectory setting (hidden, bins, iterations, lambda) and no method, `trajectory`. */
  method?: 'trajectory' | 'velocity' | 'linear';
  hidden?: string;
  bins?: number;
  iterations?: number;
  engine?: string;
  lambda?: number;
  seed?: number;
}

export interface SweepSettings {
  iterations: number;
  /** As typed: "0.001, 0.1". */
  lambdas: string;
  seeds: string;
  subsamples: number;
  nulls: number;
  workers?: number;
}

export class AppActions {
  constructor(readonly page: Page) {}

  byId(id: string): Locator {
    return this.page.getByTestId(id);
  }

  async openApp(url: string): Promise<void> {
    await this.page.goto(url);
    await this.byId(TEST_IDS.app.root).waitFor();
  }

  async openTab(tab: TabName): Promise<void> {
    await this.byId(TEST_IDS.tab[tab]).click();
  }

  async openExample(exampleId: string, timeoutMs = 30_000): Promise<void> {
    await this.openTab('data');
    await this.page.locator(`[data-testid="${TEST_IDS.data.openExample}"][data-example="${exampleId}"]`).click();
    await this.byId(TEST_IDS.data.summary).waitFor({ timeout: timeoutMs });
  }

  async openPath(file: string): Promise<void> {
    await this.openTab('data');
    await this.byId(TEST_IDS.data.path).fill(file);
    await this.byId(TEST_IDS.data.open).click();
  }

  /** Types the gene list (one per line); an empty list trains on every gene of the file. */
  async chooseGenes(genes: string[]): Promise<void> {
    await this.openTab('data');
    await this.byId(TEST_IDS.data.genes).fill(genes.join('\n'));
  }

  async genesMessage(): Promise<string> {
    return (await this.byId(TEST_IDS.data.genesMessage).textContent()) ?? '';
  }

  async setModel(settings: ModelSettings): Promise<void> {
    await this.openTab('model');
    // The app's default method is velocity, whose settings panel has no trajectory controls; as `pathreg fit`, a
    // trajectory setting asks for the trajectory method.
    const trajectorySetting = [settings.hidden, settings.bins, settings.iterations, settings.lambda].some((v) => v !== undefined);
    const method = settings.method ?? (trajectorySetting ? 'trajectory' : undefined);
    if (method !== undefined) await this.byId(TEST_IDS.model.method).selectOption(method);
    if (settings.hidden !== undefined) await this.byId(TEST_IDS.model.hidden).fill(settings.hidden);
    if (settings.bins !== undefined) await this.byId(TEST_IDS.model.bins).fill(String(settings.bins));
    if (settings.iterations !== undefined) await this.byId(TEST_IDS.model.iterations).fill(String(settings.iterations));
    if (settings.lambda !== undefined) await this.byId(TEST_IDS.model.lambda).fill(String(settings.lambda));
    if (settings.seed !== undefined) await this.byId(TEST_IDS.model.seed).fill(String(settings.seed));
    if (settings.engine !== undefined) await this.byId(TEST_IDS.model.engine).selectOption(settings.engine);
  }

  async startTraining(label?: string): Promise<void> {
    await this.openTab('training');
    if (label) await this.byId(TEST_IDS.training.label).fill(label);
    const known = await this.runIds();
    const banner = this.byId(TEST_IDS.app.message);
    const bannerBefore = (await banner.count()) ? await banner.textContent() : null;
    await this.byId(TEST_IDS.training.start).click();
    // Until the app has selected the new run, the training status still shows the previously selected one (from an
    // earlier test, or an earlier spec on the run's shared server): a wait for its state must not see that one.
    // A refused start selects nothing and says why in the message banner instead.
    await this.page.waitForFunction(
      ([selectId, messageId, before, messageBefore]) => {
        const select = document.querySelector(`[data-testid="${selectId}"]`) as HTMLSelectElement | null;
        if (select?.value && !before.includes(select.value)) return true;
        const message = document.querySelector(`[data-testid="${messageId}"]`)?.textContent ?? null;
        return message !== null && message !== messageBefore;
      },
      [TEST_IDS.app.runSelect, TEST_IDS.app.message, known, bannerBefore] as const,
      { timeout: 60_000 },
    );
  }

  /** The ids of the session's runs, as the run picker in the header lists them. */
  async runIds(): Promise<string[]> {
    return this.byId(TEST_IDS.app.runSelect)
      .locator('option')
      .evaluateAll((options) => options.map((option) => (option as HTMLOptionElement).value));
  }

  async pause(): Promise<void> {
    await this.byId(TEST_IDS.training.pause).click();
  }

  async resume(): Promise<void> {
    await this.byId(TEST_IDS.training.resume).click();
  }

  async cancel(): Promise<void> {
    await this.byId(TEST_IDS.training.cancel).click();
  }

  /** Continues the selected finished or cancelled run in a new run, up to `iterations` in total. */
  async continueTraining(iterations: number): Promise<void> {
    await this.openTab('training');
    await this.byId(TEST_IDS.training.continueIterations).fill(String(iterations));
    await this.byId(TEST_IDS.training.continue).click();
  }

  /** The selected run's label and state, from the training status line. */
  async runLabel(): Promise<string> {
    return (await this.byId(TEST_IDS.training.status).locator('xpath=..').locator('b').first().textContent()) ?? '';
  }

  async runState(): Promise<string> {
    return (await this.byId(TEST_IDS.training.status).getAttribute('data-state')) ?? '';
  }

  async waitForState(state: string, timeoutMs = 60_000): Promise<void> {
    await this.page.locator(`[data-testid="${TEST_IDS.training.status}"][data-state="${state}"]`).waitFor({ timeout: timeoutMs });
  }

  /** Iterations done, from the training status line ("iteration 12 / 300"). */
  async iteration(): Promise<number> {
    const text = (await this.byId(TEST_IDS.training.iteration).textContent()) ?? '';
    const match = /iteration\s+(\d+)/.exec(text);
    return match ? Number(match[1]) : 0;
  }

  async waitForIteration(atLeast: number, timeoutMs = 60_000): Promise<number> {
    const start = Date.now();
    for (;;) {
      const now = await this.iteration();
      if (now >= atLeast) return now;
      if (Date.now() - start > timeoutMs) throw new Error(`training stayed at iteration ${now}, waited for ${atLeast}`);
      await this.page.waitForTimeout(100);
    }
  }

  /** The latest total loss shown, or NaN before the first iteration. */
  async loss(): Promise<number> {
    const value = await this.byId(TEST_IDS.training.loss).getAttribute('data-loss');
    return value ? Number(value) : Number.NaN;
  }

  async runRows(): Promise<Array<{ runId: string; state: string }>> {
    return this.page
      .locator(`[data-testid="${TEST_IDS.training.runRow}"]`)
      .evaluateAll((rows) =>
        rows.map((row) => ({ runId: row.getAttribute('data-run') ?? '', state: row.getAttribute('data-state') ?? '' })),
      );
  }

  async edgeCount(): Promise<number> {
    return Number(await this.byId(TEST_IDS.network.edgeCount).getAttribute('data-count'));
  }

  async nodeCount(): Promise<number> {
    return Number(await this.byId(TEST_IDS.network.nodeCount).getAttribute('data-count'));
  }

  /** Genes the network canvas draws now (the count above the canvas is every gene of the run). */
  async drawnNodeCount(): Promise<number> {
    return Number(await this.byId(TEST_IDS.network.canvas).getAttribute('data-node-count'));
  }

  /** Moves a range slider to a fraction of its span (Playwright sets the value and fires input and change). */
  async setSlider(id: string, fraction: number): Promise<void> {
    const slider = this.byId(id);
    const [min, max] = await slider.evaluate((element) => [
      Number((element as HTMLInputElement).min || 0),
      Number((element as HTMLInputElement).max || 100),
    ]);
    await slider.fill(String(Math.round(min + (max - min) * fraction)));
  }

  async setThreshold(fraction: number): Promise<void> {
    await this.setSlider(TEST_IDS.network.threshold, fraction);
  }

  async searchGene(query: string): Promise<string[]> {
    await this.byId(TEST_IDS.network.search).fill(query);
    const results = this.page.locator(`[data-testid="${TEST_IDS.network.searchResult}"]`);
    await results.first().waitFor();
    return results.evaluateAll((buttons) => buttons.map((b) => b.getAttribute('data-gene') ?? ''));
  }

  async focusGene(gene: string): Promise<void> {
    await this.page.locator(`[data-testid="${TEST_IDS.network.searchResult}"][data-gene="${gene}"]`).click();
    await this.page.locator(`[data-testid="${TEST_IDS.network.focus}"][data-gene="${gene}"]`).waitFor();
  }

  async showTrajectories(genes: string[]): Promise<void> {
    await this.openTab('trajectories');
    await this.byId(TEST_IDS.trajectories.genes).fill(genes.join(', '));
    await this.byId(TEST_IDS.trajectories.apply).click();
  }

  /** Picks a gene in the Trajectories view's completion field (typing its start, then the completion) and adds it. */
  async addTrajectoryGene(gene: string): Promise<void> {
    await this.byId(TEST_IDS.trajectories.geneAdd).fill(gene);
    await this.byId(TEST_IDS.trajectories.geneAddButton).click();
  }

  /** The Trajectories figure's panels now: gene and lineage (empty when the lineages are overlaid). */
  async trajectoryPanels(): Promise<Array<{ gene: string; lineage: string }>> {
    return this.byId(TEST_IDS.trajectories.figure)
      .locator('g.panel')
      .evaluateAll((panels) =>
        panels.map((panel) => ({ gene: panel.getAttribute('data-gene') ?? '', lineage: panel.getAttribute('data-lineage') ?? '' })),
      );
  }

  /** The smallest font of any text in the Trajectories figure, in CSS px as the browser computed it. */
  async smallestTrajectoryFontPx(): Promise<number> {
    return this.byId(TEST_IDS.trajectories.figure)
      .locator('svg text')
      .evaluateAll((texts) => Math.min(...texts.map((text) => parseFloat(getComputedStyle(text).fontSize))));
  }

  async message(): Promise<string> {
    const banner = this.byId(TEST_IDS.app.message);
    await banner.waitFor();
    return (await banner.textContent()) ?? '';
  }

  async dismissMessage(): Promise<void> {
    await this.byId(TEST_IDS.app.messageDismiss).click();
  }

  /** Makes the run with this label the selected one (the run picker in the header). */
  async selectRun(label: string): Promise<void> {
    const select = this.byId(TEST_IDS.app.runSelect);
    const value = await select.locator('option', { hasText: label }).first().getAttribute('value');
    await select.selectOption(value ?? '');
  }

  /** Exports the current run's network file from the Network view; returns where the download was saved. */
  async exportNetwork(format: string, scope: 'view' | 'all', saveAs: string): Promise<string> {
    await this.openTab('network');
    await this.byId(TEST_IDS.export.networkFormat).selectOption(format);
    await this.byId(TEST_IDS.export.networkScope).selectOption(scope);
    return this.download(() => this.byId(TEST_IDS.export.network).click(), saveAs);
  }

  /** Exports the figure of the view on screen at a journal width ('89' or '183' mm); returns the saved download. */
  async exportFigure(format: 'svg' | 'png' | 'pdf', widthMm: '89' | '183', saveAs: string): Promise<string> {
    await this.byId(TEST_IDS.export.figureFormat).selectOption(format);
    await this.byId(TEST_IDS.export.sizePreset).selectOption(widthMm);
    return this.download(() => this.byId(TEST_IDS.export.figure).click(), saveAs);
  }

  /** Scores the selected run against a reference network file (by path, or uploaded); waits for the numbers. */
  async scoreAgainst(file: string, how: 'path' | 'upload' = 'path'): Promise<void> {
    await this.openTab('network');
    const previous = await this.byId(TEST_IDS.score.result)
      .getAttribute('data-scored-at')
      .catch(() => null);
    if (how === 'path') {
      await this.byId(TEST_IDS.score.path).fill(file);
      await this.byId(TEST_IDS.score.run).click();
    } else {
      await this.byId(TEST_IDS.score.upload).setInputFiles(file);
    }
    await this.page.waitForFunction(
      ([id, before]) => {
        const result = document.querySelector(`[data-testid="${id}"]`);
        return result !== null && result.getAttribute('data-scored-at') !== before;
      },
      [TEST_IDS.score.result, previous] as const,
    );
  }

  /** The scoring panel's numbers by their scores.json key (exact values, from data-value). */
  async scoreValues(): Promise<Record<string, number>> {
    const cells = this.page.locator(`[data-testid="${TEST_IDS.score.value}"]`);
    const pairs = await cells.evaluateAll((tds) =>
      tds.map((td) => [td.getAttribute('data-metric') ?? '', td.getAttribute('data-value') ?? '']),
    );
    return Object.fromEntries(pairs.map(([metric, value]) => [metric, Number(value)]));
  }

  /** The reference marks drawn on the network canvas, or null while none are drawn. */
  async networkMarks(): Promise<{ truePositives: number; falsePositives: number; missed: number; edges: number } | null> {
    const canvas = this.byId(TEST_IDS.network.canvas);
    const tp = await canvas.getAttribute('data-true-positives');
    if (tp === null) return null;
    return {
      truePositives: Number(tp),
      falsePositives: Number(await canvas.getAttribute('data-false-positives')),
      missed: Number(await canvas.getAttribute('data-missed')),
      edges: Number(await canvas.getAttribute('data-edge-count')),
    };
  }

  /** Uploads an exported network or checkpoint in the Data view; returns the imported edge count. */
  async importNetwork(file: string): Promise<number> {
    await this.openTab('data');
    await this.byId(TEST_IDS.import.upload).setInputFiles(file);
    const result = this.page.locator(`[data-testid="${TEST_IDS.import.result}"][data-run]`);
    await result.waitFor();
    return Number(await result.getAttribute('data-edges'));
  }

  /** Imports by path in the Data view (a network file, a checkpoint or a run folder); returns the imported edge count. */
  async importPath(file: string): Promise<number> {
    await this.openTab('data');
    await this.byId(TEST_IDS.import.path).fill(file);
    await this.byId(TEST_IDS.import.open).click();
    const result = this.page.locator(`[data-testid="${TEST_IDS.import.result}"][data-run]`);
    await result.waitFor({ timeout: 60_000 });
    // The imported run becomes the selected one when the session's change event arrives; until then the views show
    // the run selected before (on the run's shared server, possibly an earlier spec's).
    await this.page.waitForFunction(
      ([resultId, selectId]) => {
        const run = document.querySelector(`[data-testid="${resultId}"][data-run]`)?.getAttribute('data-run');
        return Boolean(run) && (document.querySelector(`[data-testid="${selectId}"]`) as HTMLSelectElement | null)?.value === run;
      },
      [TEST_IDS.import.result, TEST_IDS.app.runSelect] as const,
      { timeout: 60_000 },
    );
    return Number(await result.getAttribute('data-edges'));
  }

  private async download(click: () => Promise<void>, saveAs: string): Promise<string> {
    const [download] = await Promise.all([this.page.waitForEvent('download', { timeout: 60_000 }), click()]);
    const failure = await download.failure();
    if (failure) throw new Error(`The download of ${download.suggestedFilename()} failed: ${failure}`);
    await download.saveAs(saveAs);
    return saveAs;
  }

  /** Knocks the focused gene out from its context in the Network view; waits for the ranked responders. */
  async knockOutFocused(): Promise<void> {
    await this.byId(TEST_IDS.perturb.knockoutFocus).click();
    await this.byId(TEST_IDS.perturb.result).waitFor({ timeout: 60_000 });
  }

  /** Makes the Perturb panel start from up to five cells of `lineage` in the pseudotime range [from, to]. */
  async startFromCells(lineage: string, from: string, to: string): Promise<void> {
    await this.byId(TEST_IDS.perturb.startFrom).selectOption('cells');
    await this.byId(TEST_IDS.perturb.lineage).selectOption(lineage);
    await this.byId(TEST_IDS.perturb.from).fill(from);
    await this.byId(TEST_IDS.perturb.to).fill(to);
  }

  /** The ranked responders the Perturb panel lists, strongest first. */
  async perturbationResponders(): Promise<Array<{ gene: string; rank: number; effect: number }>> {
    return this.page.locator(`[data-testid="${TEST_IDS.perturb.responder}"]`).evaluateAll((rows) =>
      rows.map((row) => ({
        gene: row.getAttribute('data-gene') ?? '',
        rank: Number(row.getAttribute('data-rank')),
        effect: Number(row.getAttribute('data-effect')),
      })),
    );
  }

  /** Exports the perturbation's table (CSV; its provenance sidecar downloads beside it); returns the saved CSV. */
  async exportPerturbationTable(saveAs: string): Promise<string> {
    return this.download(() => this.byId(TEST_IDS.perturb.exportTable).click(), saveAs);
  }

  /** Sweep view: fills the grid (text as typed) and the local executor, and starts the sweep. */
  async startSweep(settings: SweepSettings): Promise<void> {
    await this.openTab('sweep');
    const T = TEST_IDS.sweep;
    await this.byId(T.iterations).fill(String(settings.iterations));
    await this.byId(T.lambdas).fill(settings.lambdas);
    await this.byId(T.seeds).fill(settings.seeds);
    await this.byId(T.subsamples).fill(String(settings.subsamples));
    await this.byId(T.nulls).fill(String(settings.nulls));
    await this.byId(T.executor).selectOption('local');
    if (settings.workers) await this.byId(T.workers).fill(String(settings.workers));
    await this.byId(T.start).click();
    await this.byId(T.progress).waitFor();
  }

  /** Waits until the sweep's coordinator has stopped (every task ended), then returns each task's state. */
  async waitForSweep(timeoutMs = 120_000): Promise<string[]> {
    await this.page.waitForSelector(`[data-testid="${TEST_IDS.sweep.progress}"][data-running="false"]`, { timeout: timeoutMs });
    return this.sweepTaskStates();
  }

  async sweepTaskStates(): Promise<string[]> {
    return this.byId(TEST_IDS.sweep.task).evaluateAll((rows) => rows.map((row) => row.getAttribute('data-state') ?? ''));
  }

  /** The consensus network's drawn edges with their confidence and FDR (NaN: the sweep had no null fits). */
  async consensusEdges(): Promise<Array<{ source: string; target: string; confidence: number; fdr: number }>> {
    return this.byId(TEST_IDS.sweep.consensus)
      .locator('line.consensus-edge')
      .evaluateAll((lines) =>
        lines.map((line) => ({
          source: line.getAttribute('data-source') ?? '',
          target: line.getAttribute('data-target') ?? '',
          confidence: Number(line.getAttribute('data-confidence')),
          fdr: line.getAttribute('data-fdr') === '' ? Number.NaN : Number(line.getAttribute('data-fdr')),
        })),
      );
  }

  /** Sweep view: downloads the consensus network shown, in this format, to `saveAs`. */
  async exportSweepNetwork(format: string, saveAs: string): Promise<string> {
    await this.byId(TEST_IDS.sweep.exportFormat).selectOption(format);
    return this.download(() => this.byId(TEST_IDS.sweep.export).click(), saveAs);
  }

  /** Clicks the λ path's point at λ (first panel), which opens that λ's run in the Network view. */
  async openLambdaRun(lambda: number): Promise<void> {
    await this.byId(TEST_IDS.sweep.lambdaPath).locator(`circle[data-lambda="${lambda}"][data-task]`).first().click();
    await this.byId(TEST_IDS.network.edgeCount).waitFor();
  }

  /** The edge table's counts: rows the query keeps and every edge of the run (data-matched, data-total). */
  async edgeTableCounts(): Promise<{ matched: number; total: number }> {
    const rows = this.byId(TEST_IDS.edgeTable.rows);
    await this.page.waitForFunction(
      (id) => document.querySelector(`[data-testid="${id}"]`)?.getAttribute('data-total') !== '',
      TEST_IDS.edgeTable.rows,
    );
    return { matched: Number(await rows.getAttribute('data-matched')), total: Number(await rows.getAttribute('data-total')) };
  }

  /** Clicks a column header of the edge table until it sorts that way. */
  async sortEdgeTable(key: 'weight' | 'sign' | 'source' | 'target', direction: 'ascending' | 'descending'): Promise<void> {
    const header = this.page.locator(`[data-testid="${TEST_IDS.edgeTable.sort}"][data-sort="${key}"]`);
    for (let i = 0; i < 2 && (await header.getAttribute('data-direction')) !== direction; i++) await header.click();
    await this.page.locator(`[data-testid="${TEST_IDS.edgeTable.sort}"][data-sort="${key}"][data-direction="${direction}"]`).waitFor();
  }

  /** Sets the edge table's filters (sign, TF sources, a gene and its role); waits for the new counts. */
  async filterEdgeTable(filter: { sign?: string; tfSources?: boolean; gene?: string; geneRole?: string }): Promise<void> {
    const rows = this.byId(TEST_IDS.edgeTable.rows);
    if (filter.sign !== undefined) await this.byId(TEST_IDS.edgeTable.sign).selectOption(filter.sign);
    if (filter.tfSources !== undefined) await this.byId(TEST_IDS.edgeTable.tfSources).setChecked(filter.tfSources);
    if (filter.geneRole !== undefined) await this.byId(TEST_IDS.edgeTable.geneRole).selectOption(filter.geneRole);
    if (filter.gene !== undefined) {
      await this.byId(TEST_IDS.edgeTable.gene).fill(filter.gene);
      await this.byId(TEST_IDS.edgeTable.gene).press('Enter');
    }
    // The first page of the new query has arrived when the rows drawn satisfy it.
    await rows
      .locator(`[data-testid="${TEST_IDS.edgeTable.row}"]`)
      .first()
      .waitFor({ state: 'attached' })
      .catch(() => undefined);
  }

  /** The edge table's rows drawn now (those in view), in order. */
  async edgeTableRows(): Promise<Array<{ rank: number; source: string; target: string; weight: number; sign: number; selected: boolean }>> {
    return this.page.locator(`[data-testid="${TEST_IDS.edgeTable.row}"]`).evaluateAll((rows) =>
      rows
        .filter((row) => row.getAttribute('data-rank') !== '')
        .map((row) => ({
          rank: Number(row.getAttribute('data-rank')),
          source: row.getAttribute('data-source') ?? '',
          target: row.getAttribute('data-target') ?? '',
          weight: Number(row.getAttribute('data-weight')),
          sign: Number(row.getAttribute('data-sign')),
          selected: row.getAttribute('data-selected') === 'true',
        })),
    );
  }

  /** Scrolls the edge table to a row index (0-based) and waits until that row is drawn with its data. */
  async scrollEdgeTableTo(index: number): Promise<void> {
    await this.byId(TEST_IDS.edgeTable.rows).evaluate((element, top) => {
      element.scrollTop = top;
      element.dispatchEvent(new Event('scroll'));
    }, index * 24);
  }

  async exportEdgeTable(saveAs: string): Promise<string> {
    return this.download(() => this.byId(TEST_IDS.edgeTable.exportTable).click(), saveAs);
  }

  /** Picks runs (by label) in the Compare view, in order (the first two are A and B), with top-k; waits for the numbers. */
  async compareRuns(labels: string[], topK: number): Promise<void> {
    await this.openTab('compare');
    await this.byId(TEST_IDS.compare.topK).fill(String(topK));
    for (const label of labels) {
      const toggle = this.page.getByRole('checkbox', { name: label });
      await toggle.check();
    }
    await this.byId(TEST_IDS.compare.pair).first().waitFor({ timeout: 60_000 });
  }

  /** The drawn difference network: edges per class as the figure's lines say (data-comparison), and its own counts. */
  async differenceFigure(): Promise<{ lines: Record<string, number>; counted: { a: number; b: number; both: number } }> {
    const svg = this.page.locator(`[data-testid="${TEST_IDS.compare.figure}"] svg`);
    await svg.waitFor({ timeout: 30_000 });
    return svg.evaluate((element) => {
      const lines: Record<string, number> = { only_A: 0, only_B: 0, both: 0 };
      for (const line of element.querySelectorAll('line.diff-edge')) lines[line.getAttribute('data-comparison') ?? '']++;
      const n = (name: string) => Number(element.getAttribute(name));
      return { lines, counted: { a: n('data-only-a'), b: n('data-only-b'), both: n('data-both') } };
    });
  }

  /** Shows or hides one class of the difference network ('a', 'b' or 'both'). */
  async showDifferenceClass(kind: 'a' | 'b' | 'both', on: boolean): Promise<void> {
    const toggle = this.page.locator(`[data-testid="${TEST_IDS.compare.classToggle}"][data-class="${kind}"]`);
    if (on) await toggle.check();
    else await toggle.uncheck();
  }

  /** Exports the difference network in a format of the Compare view; returns the saved download. */
  async exportComparison(format: 'csv' | 'graphml' | 'cyjs' | 'svg' | 'png', saveAs: string): Promise<string> {
    await this.byId(TEST_IDS.compare.exportFormat).selectOption(format);
    return this.download(() => this.byId(TEST_IDS.compare.export).click(), saveAs);
  }

  /** Every pair of the comparison with its exact Jaccard and Spearman numbers. */
  async comparisonPairs(): Promise<Array<{ a: string; b: string; jaccard: number; spearman: number | null }>> {
    return this.page.locator(`[data-testid="${TEST_IDS.compare.pair}"]`).evaluateAll((rows) =>
      rows.map((row) => ({
        a: row.getAttribute('data-a') ?? '',
        b: row.getAttribute('data-b') ?? '',
        jaccard: Number(row.getAttribute('data-jaccard')),
        spearman: row.getAttribute('data-spearman') === '' ? null : Number(row.getAttribute('data-spearman')),
      })),
    );
  }

  /** Opens the Embedding view and computes the open data set's embedding (if not done yet); returns the cells drawn. */
  async computeEmbedding(timeoutMs = 120_000): Promise<number> {
    await this.openTab('embedding');
    const canvas = this.byId(TEST_IDS.embedding.canvas);
    if ((await canvas.count()) === 0) await this.byId(TEST_IDS.embedding.compute).click();
    await canvas.waitFor({ timeout: timeoutMs });
    return Number(await canvas.getAttribute('data-cells'));
  }

  /** Colours the embedding by an obs column; returns the legend's kind and title once it shows that column. */
  async colourEmbeddingBy(column: string): Promise<{ kind: string; title: string }> {
    await this.byId(TEST_IDS.embedding.colourBy).selectOption(column);
    return this.embeddingLegend(column);
  }

  /** Colours the embedding by a gene typed into the gene field (completed as the user types). */
  async colourEmbeddingByGene(gene: string): Promise<{ kind: string; title: string }> {
    await this.byId(TEST_IDS.embedding.colourBy).selectOption({ label: "a gene's expression…" });
    await this.byId(TEST_IDS.embedding.gene).fill(gene);
    await this.byId(TEST_IDS.embedding.geneShow).click();
    return this.embeddingLegend(gene);
  }

  async embeddingLegend(title: string): Promise<{ kind: string; title: string }> {
    const legend = this.page.locator(`[data-testid="${TEST_IDS.embedding.legend}"][data-title="${title}"]`);
    await legend.waitFor({ timeout: 60_000 });
    return { kind: (await legend.getAttribute('data-legend')) ?? '', title };
  }

  /** Distinct colours among the canvas's pixels (white background included). */
  async embeddingColours(): Promise<number> {
    return this.byId(TEST_IDS.embedding.canvas).evaluate((element) => {
      const canvas = element as HTMLCanvasElement;
      const data = canvas.getContext('2d')!.getImageData(0, 0, canvas.width, canvas.height).data;
      const seen = new Set<number>();
      for (let i = 0; i < data.length; i += 4) seen.add((data[i] << 16) | (data[i + 1] << 8) | data[i + 2]);
      return seen.size;
    });
  }

  /** Draws the lasso through the given points, as fractions of the canvas's width and height. */
  async lassoEmbedding(points: Array<[number, number]>): Promise<void> {
    await this.byId(TEST_IDS.embedding.lasso).click();
    const box = (await this.byId(TEST_IDS.embedding.canvas).boundingBox())!;
    const at = ([x, y]: [number, number]) => [box.x + x * box.width, box.y + y * box.height] as const;
    await this.page.mouse.move(...at(points[0]));
    await this.page.mouse.down();
    for (const point of [...points.slice(1), points[0]]) await this.page.mouse.move(...at(point), { steps: 4 });
    await this.page.mouse.up();
    await this.byId(TEST_IDS.embedding.pan).click();
  }

  /** How many cells the selection excludes, as the Embedding view says. */
  async excludedCells(): Promise<number> {
    return Number(await this.byId(TEST_IDS.embedding.excluded).getAttribute('data-excluded'));
  }

  /** Saves a screenshot as a test artifact under test-results/e2e/. */
  async screenshot(name: string): Promise<string> {
    await mkdir(SCREENSHOT_DIR, { recursive: true });
    const file = path.join(SCREENSHOT_DIR, `${name}.png`);
    await this.page.screenshot({ path: file, fullPage: true });
    return file;
  }
}
