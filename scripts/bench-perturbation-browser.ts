/**
 * What the user waits for in the browser shell (docs/benchmarks.md, "In-silico perturbation"): `pathreg serve` (the
 * bundle when it is fresh, as users start it) and Debian's chromium; the run folder imported in the Data view, the
 * Network view opened, a gene focused and "Knock out" clicked; timed from the click until the ranked responders of
 * that knockout are on screen. Every repetition starts a fresh server, so its first knockout is the first of a
 * session (worker start, model load); the next genes are the later knockouts. Beside the wall time, the CPU time the
 * server (its perturbation worker included) and chromium spent meanwhile: on a machine shared with other work, the
 * wall time is mostly waiting for a core, and the CPU time is what an idle machine would take.
 * Called by scripts/bench-perturbation.ts --browser.
 */
import { cp, readFile, readdir } from 'node:fs/promises';
import os from 'node:os';
import path from 'node:path';
import { TEST_IDS } from '../src-renderer/test-ids.ts';
import { openAppInChromium } from '../e2e/app-in-chromium.ts';
import { startServe } from '../e2e/serve-process.ts';

export interface BrowserBenchOptions {
  folder: string;
  genes: string[];
  repetitions: number;
  /** Seconds between the Network view showing the network and the first click (a user finding the gene). */
  thinkSeconds: number;
  /** Profile the page's main thread during every knockout (the first one's click comes a few ms later): its JavaScript time and long tasks per answer. */
  profile?: boolean;
  /**
   * Ask the later knockouts by typing the gene into the panel (Perturb) instead of focusing it on the network and
   * clicking "Knock out": no focus change, so the network view does not lay itself out again meanwhile.
   */
  typed?: boolean;
  /**
   * With `profile`: also name the functions the page's JavaScript spent its time in (inclusive time, heaviest first).
   * Readable with a renderer built without mangled names (`npm run build:renderer -- --names`).
   */
  profileFunctions?: boolean;
}

interface CpuProfile {
  nodes: Array<{ id: number; callFrame: { functionName: string; url: string; lineNumber: number }; children?: number[] }>;
  samples: number[];
  startTime: number;
  endTime: number;
}

/** The functions with the most inclusive sampled time (each counted once per sample, however deep it recurses). */
function heaviestFunctions(profile: CpuProfile, sampleMs: number, idle: Set<number>, count = 12): string[] {
  const parent = new Map<number, number>();
  for (const node of profile.nodes) for (const child of node.children ?? []) parent.set(child, node.id);
  const byId = new Map(profile.nodes.map((node) => [node.id, node]));
  const total = new Map<string, number>();
  for (const sample of profile.samples) {
    if (idle.has(sample)) continue;
    const seen = new Set<string>();
    for (let id: number | undefined = sample; id !== undefined; id = parent.get(id)) {
      const frame = byId.get(id)?.callFrame;
      if (!frame || frame.functionName === '(root)') continue;
      const name = `${frame.functionName || '(anonymous)'}${frame.url ? `@${frame.url.split('/').pop()}:${frame.lineNumber + 1}` : ''}`;
      if (seen.has(name)) continue;
      seen.add(name);
      total.set(name, (total.get(name) ?? 0) + sampleMs);
    }
  }
  return [...total]
    .sort((a, b) => b[1] - a[1])
    .slice(0, count)
    .map(([name, ms]) => `${name} ${ms.toFixed(0)} ms`);
}

const median = (values: number[]) => {
  const sorted = [...values].sort((a, b) => a - b);
  const mid = Math.floor(sorted.length / 2);
  return sorted.length % 2 ? sorted[mid] : (sorted[mid - 1] + sorted[mid]) / 2;
};

/**
 * User + system CPU seconds of this script's child processes and theirs (the server with its perturbation worker, and
 * chromium's processes), from /proc (Linux): the server's share, and the whole, which is what the answer would take
 * on an idle machine where nothing waits for a core.
 */
async function childrenCpuSeconds(serveMarker: string): Promise<{ server: number; all: number } | null> {
  if (process.platform !== 'linux') return null;
  const ticksPerSecond = 100;
  const stats = new Map<number, { parent: number; seconds: number; serve: boolean }>();
  for (const entry of await readdir('/proc')) {
    if (!/^\d+$/.test(entry)) continue;
    try {
      const stat = await readFile(`/proc/${entry}/stat`, 'utf8');
      const fields = stat.slice(stat.lastIndexOf(')') + 2).split(' ');
      const cmdline = await readFile(`/proc/${entry}/cmdline`, 'utf8');
      stats.set(Number(entry), {
        parent: Number(fields[1]),
        seconds: (Number(fields[11]) + Number(fields[12])) / ticksPerSecond,
        serve: cmdline.includes(serveMarker) && cmdline.includes('serve'),
      });
    } catch {
      // A process that ended while we read it no longer counts.
    }
  }
  const descends = (pid: number): boolean => {
    for (let current = stats.get(pid)?.parent ?? 0, hops = 0; current > 1 && hops < 50; hops++) {
      if (current === process.pid) return true;
      current = stats.get(current)?.parent ?? 0;
    }
    return false;
  };
  let server = 0;
  let all = 0;
  for (const [pid, s] of stats) {
    if (!descends(pid)) continue;
    all += s.seconds;
    if (s.serve) server += s.seconds;
  }
  return { server, all };
}

export async function benchPerturbationInBrowser(options: BrowserBenchOptions): Promise<void> {
  const [firstGene, ...laterGenes] = options.genes;
  type Timing = { wall: number; cpu: { server: number; all: number; background: number } | null };
  const first: Timing[] = [];
  const later: Timing[] = [];
  const loads: number[] = [];
  for (let rep = 0; rep < options.repetitions; rep++) {
    const serve = await startServe();
    const { browser, page, app, pageErrors } = await openAppInChromium(serve.url);
    try {
      await page.setViewportSize({ width: 1400, height: 900 });
      // Inside the session folder: one of the folders the server may read.
      const folder = path.join(serve.sessionDir, 'bench-run');
      await cp(options.folder, folder, { recursive: true });
      await app.importPath(folder);
      await app.openTab('network');
      await app.byId(TEST_IDS.network.canvas).waitFor({ timeout: 60_000 });
      if (options.thinkSeconds > 0) await page.waitForTimeout(options.thinkSeconds * 1000);
      const knockOut = async (gene: string) => {
        const typed = options.typed && gene !== firstGene;
        if (typed) {
          await app.byId(TEST_IDS.perturb.genes).fill(gene);
        } else {
          await app.searchGene(gene);
          await app.focusGene(gene);
        }
        const profiling = options.profile ? await page.context().newCDPSession(page) : null;
        if (profiling) {
          await profiling.send('Profiler.enable');
          await profiling.send('Profiler.start');
          await page.evaluate(
            `window.benchLong = []; window.benchObserver?.disconnect(); window.benchObserver = new PerformanceObserver((l) => { for (const e of l.getEntries()) window.benchLong.push(Math.round(e.duration)); }); window.benchObserver.observe({ type: 'longtask' });`,
          );
        }
        const cpuBefore = await childrenCpuSeconds(serve.sessionDir);
        const began = performance.now();
        await app.byId(typed ? TEST_IDS.perturb.run : TEST_IDS.perturb.knockoutFocus).click();
        await page
          .locator(
            `[data-testid="${TEST_IDS.perturb.result}"][data-description="${gene} knocked out"] [data-testid="${TEST_IDS.perturb.responder}"]`,
          )
          .first()
          .waitFor({ timeout: 120_000 });
        const wall = (performance.now() - began) / 1000;
        if (profiling) {
          const { profile } = (await profiling.send('Profiler.stop')) as { profile: CpuProfile };
          const idle = new Set(profile.nodes.filter((n) => ['(idle)', '(program)'].includes(n.callFrame.functionName)).map((n) => n.id));
          const sampleMs = (profile.endTime - profile.startTime) / 1000 / Math.max(1, profile.samples.length);
          const busy = profile.samples.filter((id) => !idle.has(id)).length * sampleMs;
          console.log(
            `    page main thread (${gene}): ${busy.toFixed(0)} ms of JavaScript from the click until the responders showed; long tasks ${JSON.stringify(await page.evaluate('window.benchLong'))} ms`,
          );
          if (options.profileFunctions) console.log(`    where (inclusive): ${heaviestFunctions(profile, sampleMs, idle).join('; ')}`);
          await profiling.detach();
        }
        const cpuAfter = await childrenCpuSeconds(serve.sessionDir);
        // Chromium's own pace with nothing asked (the network view redraws while its layout settles): a second
        // after the answer, so the first click is not delayed; its share of the answer's time is not the answer's.
        await page.waitForTimeout(1000);
        const cpuIdle = await childrenCpuSeconds(serve.sessionDir);
        const cpu =
          cpuBefore === null || cpuAfter === null || cpuIdle === null
            ? null
            : {
                server: cpuAfter.server - cpuBefore.server,
                all: cpuAfter.all - cpuBefore.all,
                // CPU seconds in the one-second wait: a rate.
                background: cpuIdle.all - cpuIdle.server - (cpuAfter.all - cpuAfter.server),
              };
        loads.push(os.loadavg()[0]);
        console.log(
          `  rep ${rep + 1} ${gene}: ${wall.toFixed(2)} s wall` +
            (cpu === null
              ? ''
              : `, CPU ${cpu.all.toFixed(2)} s (server ${cpu.server.toFixed(2)} s, chromium ${(cpu.all - cpu.server).toFixed(2)} s)`),
        );
        return { wall, cpu };
      };
      first.push(await knockOut(firstGene));
      for (const gene of laterGenes) later.push(await knockOut(gene));
      if (pageErrors.length > 0) throw new Error(`The page threw: ${pageErrors.join('; ')}`);
    } catch (error) {
      const shot = path.join(os.tmpdir(), 'bench-perturbation-failure.png');
      await page.screenshot({ path: shot, fullPage: true }).catch(() => undefined);
      console.error(`The page at the failure: ${shot}`);
      throw error;
    } finally {
      await browser.close();
      await serve.stop();
    }
  }
  const summary = (label: string, rows: Timing[]) => {
    const cpu = rows.map((r) => r.cpu).filter((c) => c !== null);
    console.log(
      `${label}: median ${median(rows.map((r) => r.wall)).toFixed(2)} s wall (${rows.length} knockouts, ${Math.min(...rows.map((r) => r.wall)).toFixed(2)}–${Math.max(...rows.map((r) => r.wall)).toFixed(2)} s)` +
        (cpu.length
          ? `; CPU median ${median(cpu.map((c) => c.all)).toFixed(2)} s (${Math.min(...cpu.map((c) => c.all)).toFixed(2)}–${Math.max(...cpu.map((c) => c.all)).toFixed(2)}), of it the server ${median(cpu.map((c) => c.server)).toFixed(2)} s; chromium with nothing asked: median ${median(cpu.map((c) => c.background)).toFixed(2)} CPU s per s`
          : ''),
    );
  };
  console.log(
    `browser shell, ${options.folder}, click → ranked responders shown, ${options.thinkSeconds} s between the network showing and the first click; load average ${Math.min(...loads).toFixed(1)}–${Math.max(...loads).toFixed(1)} on ${os.cpus().length} cores:`,
  );
  summary(`  first knockout of a session (${firstGene})`, first);
  summary(`  later knockouts (${laterGenes.join(', ')})`, later);
}
