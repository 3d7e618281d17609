import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { execFileSync } from 'node:child_process';
import { mkdtemp, readFile, rm } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import * as path from 'node:path';
import { exportReport, renderReportHtml } from '../../../src-main/export/html-report.ts';
import { readRunFolder, type RunFolder } from '../../../src-main/export/run-folder-reader.ts';
import { writeFigureInputs, writeRunFixture, type RunFixture } from './run-folder-fixture.ts';

let fixture: RunFixture;
let run: RunFolder;
let outDir: string;
beforeAll(async () => {
  fixture = await writeRunFixture(7);
  await writeFigureInputs(fixture.folder, 11);
  run = await readRunFolder(fixture.folder, '9.9.9-test');
  outDir = await mkdtemp(path.join(tmpdir(), 'pathreg-report-'));
});
afterAll(async () => {
  await rm(fixture.folder, { recursive: true, force: true });
  await rm(outDir, { recursive: true, force: true });
});

/** Python's html.parser (independent of jsdom) lists the report's structure. */
function outline(file: string): {
  svgs: number;
  sections: string[];
  scripts: string[];
  provenance: Record<string, unknown>;
  cells: string[];
  external: string[];
} {
  const script = `
import json, sys
from html.parser import HTMLParser
class P(HTMLParser):
    def __init__(self):
        super().__init__(); self.svgs=0; self.sections=[]; self.scripts=[]; self.in_script=None; self.json=''; self.cells=[]; self.cell=None; self.external=[]
    def handle_starttag(self, tag, attrs):
        a=dict(attrs)
        if tag=='svg': self.svgs+=1
        if tag=='section': self.sections.append(a.get('data-testid'))
        if tag=='script': self.scripts.append(a.get('type')); self.in_script=a.get('id')
        if tag in ('td','th'): self.cell=''
        for k in ('src','href'):
            if k in a and not str(a[k]).startswith(('#','data:')): self.external.append(a[k])
    def handle_endtag(self, tag):
        if tag=='script': self.in_script=None
        if tag in ('td','th') and self.cell is not None: self.cells.append(self.cell); self.cell=None
    def handle_data(self, data):
        if self.in_script=='pathreg-provenance': self.json+=data
        if self.cell is not None: self.cell+=data
p=P(); p.feed(open(sys.argv[1], encoding='utf-8').read())
print(json.dumps({'svgs':p.svgs,'sections':p.sections,'scripts':p.scripts,'provenance':json.loads(p.json),'cells':p.cells,'external':p.external}))
`;
  return JSON.parse(execFileSync('/usr/bin/python3', ['-c', script, file], { encoding: 'utf8' }));
}

describe('HTML report', () => {
  it('is self-contained: every figure inline as SVG, metrics, parameters, inputs with SHA-256, provenance JSON, no scripts', async () => {
    const out = path.join(outDir, 'report.html');
    await exportReport({
      run,
      selection: { kind: 'top-k', k: 20 },
      size: { width: 120, height: 80, unit: 'mm' },
      out,
      exportedAt: '2026-11-24T12:00:00.000Z',
    });
    const report = outline(out);
    expect(report.sections).toEqual([
      'report:figure-network',
      'report:figure-heatmap',
      'report:figure-trajectories',
      'report:figure-curves',
      'report:figure-metrics',
    ]);
    expect(report.svgs).toBe(5);
    expect(report.scripts).toEqual(['application/json']);
    expect(report.external).toEqual([]);
    expect(report.provenance.seed).toBe(7);
    expect(report.provenance.exported_at).toBe('2026-11-24T12:00:00.000Z');
    expect(String(report.provenance.content)).toContain('top 20 edges by weight (20 of 42)');
    for (const cell of ['train_mse', '0.0123', 'regularizer.lambda', '0.01', 'solver.bins', 'trajectories/mono_12_norm.tsv.gz'])
      expect(report.cells).toContain(cell);
    expect(report.cells.some((cell) => cell.startsWith('c'.repeat(64)))).toBe(true);
    const html = await readFile(out, 'utf8');
    expect(html).toContain("default-src 'none'");
  });

  it('lists the figures a run folder cannot draw, with the reason, instead of failing', async () => {
    const bare = await writeRunFixture(8);
    try {
      const html = await renderReportHtml({
        run: await readRunFolder(bare.folder, 'x'),
        selection: { kind: 'all' },
        size: { width: 89, height: 60, unit: 'mm' },
      });
      expect(html).toContain('report:figure-network');
      expect(html).not.toContain('report:figure-curves');
      expect(html).toMatch(/Training curves: .*holds no loss history/);
      expect(html).toMatch(/Trajectories: .*holds no stored trajectories/);
    } finally {
      await rm(bare.folder, { recursive: true, force: true });
    }
  });
});
