import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { existsSync } from 'node:fs';
import { mkdtemp, readFile, rm, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { fileURLToPath } from 'node:url';
import { Resvg } from '@resvg/resvg-js';
import {
  exportFigure,
  figureFileBytes,
  FIGURE_KINDS,
  rasterizeSvg,
  renderRunFigure,
  standaloneSvg,
  type FigureKind,
  naturalFigureHeight,
} from '../../../src-main/export/figure-export.ts';
import { readRunFolder, type RunFolder } from '../../../src-main/export/run-folder-reader.ts';
import { writeFigureInputs, writeRunFixture, type RunFixture } from './run-folder-fixture.ts';
import { compareImages, decodePng, decodePpm, inkShare, overWhite } from './raster-images.ts';

const SNAPSHOTS = fileURLToPath(new URL('./snapshots/', import.meta.url));
const EXPORTED_AT = '2026-11-24T12:00:00.000Z';
const CHROMIUM = '/usr/bin/chromium';

let fixture: RunFixture;
let run: RunFolder;
let outDir: string;

beforeAll(async () => {
  fixture = await writeRunFixture(7);
  await writeFigureInputs(fixture.folder, 11);
  run = await readRunFolder(fixture.folder, '9.9.9-test');
  outDir = await mkdtemp(path.join(tmpdir(), 'pathreg-figures-'));
});
afterAll(async () => {
  await rm(fixture.folder, { recursive: true, force: true });
  await rm(outDir, { recursive: true, force: true });
});

function request(figure: FigureKind, format: 'svg' | 'png' | 'pdf', extra: Partial<Parameters<typeof figureFileBytes>[0]> = {}) {
  return {
    run,
    figure,
    format,
    selection: { kind: 'all' } as const,
    size: { width: 60, height: 45, unit: 'mm' as const },
    background: 'white' as const,
    dpi: 150,
    exportedAt: EXPORTED_AT,
    ...extra,
  };
}

describe('PNG snapshots, one per figure (60 × 45 mm at 150 dpi, seeded fixture)', () => {
  // Tolerance: at most 0.5 % of pixels may differ by more than 48 levels in a channel (anti-aliasing and font
  // hinting differences between resvg builds); a moved node, label or curve changes far more than that.
  const CHANNEL_TOLERANCE = 48;
  const MAX_DIFFERING_SHARE = 0.005;
  for (const figure of FIGURE_KINDS) {
    it(`${figure} matches snapshots/${figure}.png`, async () => {
      const png = decodePng(await figureFileBytes(request(figure, 'png')));
      expect([png.width, png.height]).toEqual([354, 266]);
      expect(inkShare(png)).toBeGreaterThan(0.01);
      const file = path.join(SNAPSHOTS, `${figure}.png`);
      if (!existsSync(file) || process.env.UPDATE_SNAPSHOTS === '1') {
        if (process.env.UPDATE_SNAPSHOTS !== '1')
          throw new Error(`snapshot ${file} is missing: run with UPDATE_SNAPSHOTS=1 once and commit it.`);
        // The reference holds pixels only (no provenance chunks) so it never changes with the date.
        const svg = standaloneSvg(await renderRunFigure(request(figure, 'png'), 150));
        await writeFile(file, rasterizeSvg(svg, 'white'));
      }
      const reference = decodePng(new Uint8Array(await readFile(file)));
      const difference = compareImages(png, reference, CHANNEL_TOLERANCE);
      expect(difference.differingShare).toBeLessThanOrEqual(MAX_DIFFERING_SHARE);
    });
  }
});

describe('PNG export', () => {
  it('89 mm at 150, 300 and 600 dpi: pixel size, pHYs dpi and provenance in tEXt chunks', async () => {
    for (const dpi of [150, 300, 600]) {
      const png = decodePng(await figureFileBytes(request('network', 'png', { dpi, size: { width: 89, height: 60, unit: 'mm' } })));
      expect(png.width).toBe(Math.round((89 / 25.4) * dpi));
      expect(png.height).toBe(Math.round((60 / 25.4) * dpi));
      const phys = png.chunks.find((c) => c.type === 'pHYs')!.data;
      const perMetre = new DataView(phys.buffer, phys.byteOffset).getUint32(0);
      expect(perMetre * 0.0254).toBeCloseTo(dpi, 0);
      expect(png.text.get('pathreg:engine')).toBe('tfjs');
      expect(png.text.get('pathreg:seed')).toBe('7');
      expect(png.text.get('pathreg:input_1_sha256')).toBe('b'.repeat(64));
      expect(png.text.get('pathreg:param.regularizer.lambda')).toBe('0.01');
      expect(png.text.get('pathreg:exported_at')).toBe(EXPORTED_AT);
      expect(JSON.parse(png.text.get('pathreg:provenance_json')!).parameters.solver.bins).toBe(10);
    }
  });

  it('transparent background leaves the corners clear, white fills them', async () => {
    const transparent = decodePng(await figureFileBytes(request('metrics', 'png', { background: 'transparent' })));
    const white = decodePng(await figureFileBytes(request('metrics', 'png', { background: 'white' })));
    expect(transparent.pixels[3]).toBe(0);
    expect([...white.pixels.subarray(0, 4)]).toEqual([255, 255, 255, 255]);
    // Same drawing either way: composited on white they agree.
    expect(compareImages(overWhite(transparent), white, 8).differingShare).toBeLessThan(0.001);
  });

  it('refuses a dpi other than 150, 300 or 600', async () => {
    await expect(figureFileBytes(request('network', 'png', { dpi: 200 }))).rejects.toThrow(/150, 300 or 600 dpi, got 200/);
  });
});

describe('SVG export, rendered by Chromium', () => {
  it('is valid standalone SVG with physical size, text kept as text, provenance in <metadata>, and Chromium draws it as resvg does', async () => {
    const out = path.join(outDir, 'network.svg');
    await exportFigure({ ...request('network', 'svg'), size: { width: 89, height: 66.75, unit: 'mm' }, out });
    const text = await readFile(out, 'utf8');
    expect(text).toMatch(/<svg[^>]* width="89mm" height="66.75mm"/);
    expect(text.match(/xmlns="http:\/\/www.w3.org\/2000\/svg"/g)).toHaveLength(1);
    expect(text).toContain('>Gata1</text>');
    const metadata = /<metadata id="pathreg-provenance">([^<]*)<\/metadata>/.exec(text)![1];
    const provenance = JSON.parse(
      metadata
        .replace(/&quot;/g, '"')
        .replace(/&lt;/g, '<')
        .replace(/&gt;/g, '>')
        .replace(/&amp;/g, '&'),
    );
    expect(provenance.seed).toBe(7);
    expect(provenance.inputs[1].sha256).toBe('c'.repeat(64));

    // 89 × 66.75 mm at 96 CSS px per inch is 336 × 252 px.
    const shot = path.join(outDir, 'network-chromium.png');
    execFileSync(
      CHROMIUM,
      [
        '--headless',
        '--no-sandbox',
        '--disable-gpu',
        '--disable-quic',
        '--no-first-run',
        '--disable-background-networking',
        '--disable-component-update',
        '--disable-sync',
        '--hide-scrollbars',
        `--user-data-dir=${path.join(outDir, 'chromium-profile')}`,
        `--screenshot=${shot}`,
        '--window-size=336,252',
        `file://${out}`,
      ],
      { stdio: 'ignore', timeout: 60_000 },
    );
    const chromium = decodePng(new Uint8Array(await readFile(shot)));
    const resvg = decodePng(new Resvg(text, { fitTo: { mode: 'width', value: 336 }, background: '#ffffff' }).render().asPng());
    expect([chromium.width, chromium.height]).toEqual([336, 252]);
    expect(inkShare(chromium)).toBeGreaterThan(0.02);
    // Two independent renderers: fonts and anti-aliasing differ, the drawing must not. Stated tolerance: mean
    // channel difference below 6 levels and under 6 % of pixels off by more than 96 levels.
    const difference = compareImages(chromium, resvg, 96);
    expect(difference.meanAbsolute).toBeLessThan(6);
    expect(difference.differingShare).toBeLessThan(0.06);
  });
});

describe('PDF export, rendered by pdftoppm', () => {
  it('is a one-page vector PDF at the asked size, with embedded fonts, real text, provenance in the info dictionary, and draws as the SVG does', async () => {
    const out = path.join(outDir, 'network.pdf');
    await exportFigure({ ...request('network', 'pdf'), size: { width: 89, height: 66.75, unit: 'mm' }, out });
    const page1 = execFileSync('pdfinfo', [out], { encoding: 'utf8' });
    expect(page1).toMatch(/Pages:\s+1/);
    expect(page1).toMatch(/Page size:\s+252\.28\d* x 189\.21\d* pts/);
    const info = execFileSync('pdfinfo', ['-custom', out], { encoding: 'utf8' });
    expect(info).toMatch(/PathReg_engine:\s*tfjs/);
    expect(info).toMatch(/PathReg_seed:\s*7/);
    expect(info).toMatch(new RegExp(`PathReg_input_2_sha256:\\s*${'c'.repeat(64)}`));
    expect(info).toMatch(/PathReg_param_regularizer_kind:\s*pathreg/);
    expect(execFileSync('pdffonts', [out], { encoding: 'utf8' })).toMatch(/LiberationSans\s+CID TrueType\s+Identity-H\s+yes/);
    const words = execFileSync('pdftotext', [out, '-'], { encoding: 'utf8' });
    for (const gene of ['Gata1', 'Spi1', 'Klf1']) expect(words).toContain(gene);

    execFileSync('pdftoppm', ['-r', '72', '-scale-to-x', '252', '-scale-to-y', '189', out, path.join(outDir, 'network-pdf')]);
    const page = decodePpm(new Uint8Array(await readFile(path.join(outDir, 'network-pdf-1.ppm'))));
    const svg = standaloneSvg(await renderRunFigure({ ...request('network', 'pdf'), size: { width: 89, height: 66.75, unit: 'mm' } }, 72));
    const reference = decodePng(new Resvg(svg, { background: '#ffffff', fitTo: { mode: 'width', value: 252 } }).render().asPng());
    expect([page.width, page.height]).toEqual([reference.width, reference.height]);
    expect(inkShare(page)).toBeGreaterThan(0.02);
    const difference = compareImages(page, reference, 96);
    expect(difference.meanAbsolute).toBeLessThan(8);
    expect(difference.differingShare).toBeLessThan(0.08);
  });
});

describe("network figure with the view's positions", () => {
  it("draws genes where the view put them: swapping two genes' positions swaps their marks", async () => {
    const base: Record<string, { x: number; y: number }> = {};
    run.network.nodes.forEach((node, i) => {
      base[node.id] = { x: Math.cos(i), y: Math.sin(i) * 2 };
    });
    const swapped = { ...base, Gata1: base.Spi1, Spi1: base.Gata1 };
    const mark = (svg: SVGSVGElement, gene: string) => svg.querySelector(`.nodes [data-gene="${gene}"]`)!.getAttribute('d');
    const first = await renderRunFigure({ ...request('network', 'svg'), positions: base }, 96);
    const second = await renderRunFigure({ ...request('network', 'svg'), positions: swapped }, 96);
    expect(mark(first, 'Gata1')).toBeTruthy();
    expect(mark(second, 'Spi1')).toBe(mark(first, 'Gata1'));
    expect(mark(second, 'Gata1')).toBe(mark(first, 'Spi1'));
    expect(mark(first, 'Gata1')).not.toBe(mark(first, 'Spi1'));
  });
});

describe('natural height of a table figure', () => {
  it('sizes the metrics table to its rows (no cut-off warning) and leaves other figures to the given size', async () => {
    const size = { width: 89, height: 40, unit: 'mm' as const };
    const request = { run, figure: 'metrics' as const, selection: { kind: 'all' as const }, size, background: 'white' as const };
    const cramped = await renderRunFigure(request, 150);
    expect(cramped.textContent).toContain('Table taller than the figure');
    const natural = await naturalFigureHeight(request, 150);
    expect(natural).toBeGreaterThan(40);
    const fitted = await renderRunFigure({ ...request, size: { ...size, height: natural! } }, 150);
    expect(fitted.textContent).not.toContain('Table taller than the figure');
    expect(await naturalFigureHeight({ ...request, figure: 'heatmap' }, 150)).toBeNull();
  });
});
