/**
 * Figure export from the same render functions the screen uses (src-shared/figures/, run in jsdom here):
 * SVG (vector, text as text, physical size in mm/in, provenance in <metadata>), PNG (@resvg/resvg-js at 150/300/600
 * dpi, white or transparent, provenance in tEXt chunks, dpi in pHYs) and PDF (vector, pdfkit + svg-to-pdfkit,
 * provenance in the info dictionary). Each figure is laid out at the output's own dpi, so fonts and strokes given
 * in points keep their printed size.
 */
import type { ReferencePair } from '../../src-shared/figures/reference-marks.ts';
import { JSDOM } from 'jsdom';
import { Resvg } from '@resvg/resvg-js';
import PDFDocument from 'pdfkit';
import SVGtoPDF from 'svg-to-pdfkit';
import {
  renderHeatmap,
  renderLossCurves,
  renderMetricsTable,
  renderNetwork,
  renderTrajectories,
  serializeSvg,
  type FigureSizeOptions,
  type HeatmapData,
  type NetworkLayoutKind,
} from '../../src-shared/figures/index.ts';
import type { Positions } from '../../src-shared/figures/network-layout.ts';
import { robustColorMax } from '../../src-shared/figures/render-heatmap.ts';
import { strongestRegulators } from '../../src-shared/strongest-regulators.ts';
import { describeSelection, selectEdges, type EdgeSelection } from './network-data.ts';
import { provenanceEntries, provenanceJson, type Provenance } from './provenance.ts';
import type { RunFolder } from './run-folder-reader.ts';
import { heatmapFigureData, lossCurvesFigureData, metricsFigureData, networkFigureData, trajectoriesFigureData } from './figure-data.ts';
import { addPngMetadata } from './png-metadata.ts';
import { findSansFont } from './figure-fonts.ts';
import { writeFileAtomic, type AtomicFileSystem } from '../files/atomic-write.ts';
import { withFocusLinks } from './focus-links.ts';

export const FIGURE_KINDS = ['network', 'heatmap', 'trajectories', 'curves', 'metrics'] as const;
export type FigureKind = (typeof FIGURE_KINDS)[number];
export const FIGURE_FORMATS = ['svg', 'png', 'pdf'] as const;
export type FigureFormat = (typeof FIGURE_FORMATS)[number];
export const PNG_DPIS = [150, 300, 600] as const;

export function isFigureFormat(value: string): value is FigureFormat {
  return (FIGURE_FORMATS as readonly string[]).includes(value);
}

/** Physical size of an exported figure; 89 mm and 183 mm are one and two journal columns. */
export interface PhysicalSize {
  width: number;
  height: number;
  unit: 'mm' | 'in';
}

export type Background = 'white' | 'transparent';

const FIGURE_TITLES: Record<FigureKind, string> = {
  network: 'Gene regulatory network',
  heatmap: 'Regulator × target effects',
  trajectories: 'Trajectories along pseudotime',
  curves: 'Loss and sparsity during training',
  metrics: 'Metrics',
};

export interface FigureRequest {
  run: RunFolder;
  figure: FigureKind;
  selection: EdgeSelection;
  size: PhysicalSize;
  background: Background;
  /** Genes of the trajectories figure, one panel each (default: the four strongest regulators with stored trajectories). */
  genes?: string[];
  /** Network figure: the positions on screen (the app passes the view's, after dragging); else the seeded layout. */
  positions?: Positions;
  /** Network figure: force (default) or hierarchical TF → target layout, as in the network view. */
  layout?: NetworkLayoutKind;
  /** Network figure: hide genes without a drawn edge (default: when a selection is given), as the view's checkbox. */
  hideIsolated?: boolean;
  /** Trajectories figure: draw the held-out donors too (default true), as the Trajectories view's checkbox. */
  heldOut?: boolean;
  /** Trajectories figure: one panel per gene and lineage, as the Trajectories view's checkbox. */
  facetByLineage?: boolean;
  /** Heatmap figure: cluster rows and columns (default true), as the Heatmap view's checkbox. */
  cluster?: boolean;
  /**
   * Heatmap figure: the matrix the Heatmap view draws (the app passes the run's whole effect matrix), drawn with the
   * view's robust colour range; without it the matrix is built from the selected edges of edges.csv.
   */
  heatmap?: HeatmapData;
  /** Network figure: the focused gene: its strongest links drawn whatever the selection, the rest faded (as on screen). */
  focus?: string | null;
  /** Appended to the provenance's content (what else shaped the figure, e.g. "the fitted network only"). */
  contentNote?: string;
  /** Network figure: reference edges to mark the network against, and the reference file named in the provenance. */
  reference?: { edges: ReferencePair[]; fileName: string; sha256: string };
}

/**
 * Most edges a network or heatmap figure draws. A whole 529-gene network has ~280,000 edges: unreadable on paper
 * and more than a force layout in jsdom can hold in memory, so a selection is asked for instead.
 */
export const FIGURE_EDGE_LIMIT = 5000;

/** The selected network for a figure, or a message asking for a selection when it is too large to draw. */
function figureNetwork(request: FigureRequest) {
  const selected = selectEdges(request.run.network, request.selection);
  if (selected.edges.length > FIGURE_EDGE_LIMIT) {
    throw new Error(
      `the ${request.figure} figure would draw ${selected.edges.length.toLocaleString('en-US')} edges of "${request.run.folder}" ` +
        `(at most ${FIGURE_EDGE_LIMIT.toLocaleString('en-US')} can be drawn readably). Give --top-k N (e.g. 200) or --threshold W.`,
    );
  }
  return selected;
}

/** Draws one figure of a run at `dpi` and returns its SVG element (in a fresh jsdom document). */
export async function renderRunFigure(request: FigureRequest, dpi: number): Promise<SVGSVGElement> {
  const { run, figure } = request;
  const doc = new JSDOM('<!DOCTYPE html><html><body></body></html>').window.document;
  const size: FigureSizeOptions = { width: request.size.width, height: request.size.height, unit: request.size.unit, dpi };
  const background = request.background === 'white' ? '#ffffff' : null;
  switch (figure) {
    case 'network':
      // Edges are selected here already (same order and ties as the figure's own selection), so the figure
      // receives only what it draws.
      return renderNetwork(
        networkFigureData(withFocusLinks(run.network, figureNetwork(request), request.focus)),
        {
          size,
          background,
          legend: true,
          seed: run.provenance.seed ?? 0,
          positions: request.positions,
          layout: request.layout,
          // With a selection most genes have no edge left; drawing them would bury the network that was asked for.
          hideIsolated: request.hideIsolated ?? request.selection.kind !== 'all',
          reference: request.reference?.edges ?? null,
          focus: request.focus ?? null,
        },
        doc,
      );
    case 'heatmap':
      if (request.heatmap)
        return renderHeatmap(
          request.heatmap,
          { size, background, cluster: request.cluster ?? true, colorMax: robustColorMax(request.heatmap.values) },
          doc,
        );
      return renderHeatmap(
        heatmapFigureData(figureNetwork(request), { kind: 'all' }, `"${run.folder}"`),
        { size, background, cluster: request.cluster ?? true },
        doc,
      );
    case 'trajectories': {
      const data = await trajectoriesFigureData(run);
      const unknown = (request.genes ?? []).filter((gene) => !data.genes.includes(gene));
      if (unknown.length)
        throw new Error(
          `--genes: ${unknown.map((gene) => `"${gene}"`).join(', ')} ${unknown.length === 1 ? 'is' : 'are'} not among the run's ${data.genes.length} genes (names are case-sensitive).`,
        );
      // Without a choice: the strongest regulators the run has trajectories for, as the Trajectories view starts with
      // (the run's first genes are often alphabetical, e.g. ABCB6, ABCC4, which say little).
      const stored = new Set(data.genes);
      const genes = request.genes?.length
        ? request.genes
        : strongestRegulators(
            run.network.edges.filter((edge) => stored.has(edge.source)),
            4,
            data.genes,
          );
      return renderTrajectories(
        data,
        {
          size,
          background,
          genes,
          ...(request.heldOut === false ? { splits: ['train'] } : {}),
          ...(request.facetByLineage ? { facetByLineage: true } : {}),
        },
        doc,
      );
    }
    case 'curves':
      return renderLossCurves(await lossCurvesFigureData(run), { size, background }, doc);
    case 'metrics':
      return renderMetricsTable(metricsFigureData(run), { size, background }, doc);
  }
}

/**
 * The height a table figure needs to show every row, in the request's unit (null for figures that fill any size):
 * used when the user gave no height, so a metrics table is never cut off or padded.
 */
export async function naturalFigureHeight(request: FigureRequest, dpi: number): Promise<number | null> {
  if (request.figure !== 'metrics') return null;
  const tall = { ...request, size: { ...request.size, height: request.size.unit === 'mm' ? 1000 : 40 } };
  const px = Number((await renderRunFigure(tall, dpi)).getAttribute('data-content-height-px'));
  if (!Number.isFinite(px) || px <= 0) return null;
  const inches = px / dpi;
  return Math.ceil((request.size.unit === 'mm' ? inches * 25.4 : inches) * 10) / 10;
}

/** What the figure shows, for provenance ("network figure: top 50 edges by weight (50 of 1,204)"). */
export function figureContent(request: FigureRequest): string {
  return `${figureContentOf(request)}${request.contentNote ?? ''}`;
}

function figureContentOf(request: FigureRequest): string {
  const what = `${request.figure} figure, ${request.size.width} × ${request.size.height} ${request.size.unit}`;
  if (request.figure === 'heatmap' && request.heatmap)
    return `${what}: the effect matrix as the Heatmap view shows it, ${request.heatmap.rows.length} regulators × ${request.heatmap.columns.length} targets${request.cluster === false ? '' : ', clustered'}`;
  if (request.figure !== 'network' && request.figure !== 'heatmap') return what;
  const kept = selectEdges(request.run.network, request.selection).edges.length;
  const marks =
    request.figure === 'network' && request.reference
      ? `; edges marked against "${request.reference.fileName}" (SHA-256 ${request.reference.sha256}): true positives, false positives, missed reference edges dashed`
      : '';
  return `${what}: ${describeSelection(request.selection, kept, request.run.network.edges.length)}${marks}`;
}

/** Provenance of a figure file: the run's, plus the date and what the figure shows. */
export function figureProvenance(request: FigureRequest, exportedAt?: string): Provenance {
  return { ...request.run.provenance, exportedAt: exportedAt ?? new Date().toISOString(), content: figureContent(request) };
}

/**
 * Serialises a figure as standalone SVG. The render functions set `xmlns` as a plain attribute (browsers need it
 * for outerHTML); XMLSerializer adds the namespace declaration itself, so the plain attribute would be written a
 * second time and make the file invalid XML (Chromium and svg-to-pdfkit reject it). It is dropped here first.
 */
export function standaloneSvg(svg: SVGSVGElement): string {
  svg.removeAttribute('xmlns');
  return serializeSvg(svg);
}

/**
 * The SVG file's text: physical width/height (so it imports at the right size into Illustrator/Inkscape/Word),
 * a <title>, and the provenance as JSON inside <metadata>.
 */
export function svgFileText(svg: SVGSVGElement, provenance: Provenance, size: PhysicalSize, title: string): string {
  const doc = svg.ownerDocument;
  const ns = 'http://www.w3.org/2000/svg';
  svg.setAttribute('width', `${size.width}${size.unit}`);
  svg.setAttribute('height', `${size.height}${size.unit}`);
  const metadata = doc.createElementNS(ns, 'metadata');
  metadata.setAttribute('id', 'pathreg-provenance');
  metadata.textContent = JSON.stringify(provenanceJson(provenance));
  const titleElement = doc.createElementNS(ns, 'title');
  titleElement.textContent = title;
  svg.insertBefore(metadata, svg.firstChild);
  svg.insertBefore(titleElement, svg.firstChild);
  return standaloneSvg(svg);
}

/** Renders SVG text to PNG pixels with resvg at the SVG's own pixel size. */
export function rasterizeSvg(svgText: string, background: Background): Uint8Array {
  const fonts = findSansFont();
  const resvg = new Resvg(svgText, {
    background: background === 'white' ? '#ffffff' : undefined,
    font: fonts
      ? {
          loadSystemFonts: false,
          fontFiles: [fonts.regular, fonts.bold, fonts.italic, fonts.boldItalic],
          defaultFontFamily: 'Liberation Sans',
          sansSerifFamily: 'Liberation Sans',
        }
      : { loadSystemFonts: true },
  });
  return resvg.render().asPng();
}

/** Converts SVG text (laid out at 72 dpi, so 1 px = 1 pt) to a one-page vector PDF with provenance in its info. */
export function svgToPdf(svgText: string, provenance: Provenance, size: PhysicalSize, title: string): Promise<Uint8Array> {
  const pointsPerUnit = size.unit === 'mm' ? 72 / 25.4 : 72;
  const width = size.width * pointsPerUnit;
  const height = size.height * pointsPerUnit;
  const exported = new Date(provenance.exportedAt);
  const doc = new PDFDocument({
    size: [width, height],
    margin: 0,
    autoFirstPage: true,
    compress: true,
    info: {
      Title: title,
      Author: `${provenance.app} ${provenance.appVersion}`,
      Subject: provenance.content,
      Keywords: 'PathReg; gene regulatory network; neural ODE',
      Creator: `${provenance.app} ${provenance.appVersion}`,
      Producer: `${provenance.app} ${provenance.appVersion} (pdfkit, svg-to-pdfkit)`,
      CreationDate: Number.isNaN(exported.getTime()) ? new Date() : exported,
    },
  });
  // Custom info keys are allowed by PDF 1.7 §14.3.3; readers such as pdfinfo -custom list them.
  const info = doc.info as unknown as Record<string, string>;
  for (const [key, value] of provenanceEntries(provenance)) info[`PathReg_${key.replace(/[^A-Za-z0-9_]/g, '_')}`] = value;
  info.PathReg_provenance_json = JSON.stringify(provenanceJson(provenance));
  const fonts = findSansFont();
  if (fonts) {
    doc.registerFont('PathRegSans', fonts.regular);
    doc.registerFont('PathRegSans-Bold', fonts.bold);
    doc.registerFont('PathRegSans-Italic', fonts.italic);
    doc.registerFont('PathRegSans-BoldItalic', fonts.boldItalic);
  }
  const chunks: Uint8Array[] = [];
  return new Promise((resolve, reject) => {
    doc.on('data', (chunk: Uint8Array) => chunks.push(chunk));
    doc.on('end', () => resolve(new Uint8Array(Buffer.concat(chunks))));
    doc.on('error', reject);
    SVGtoPDF(doc, svgText, 0, 0, {
      width,
      height,
      assumePt: true,
      fontCallback: (_family, bold, italic) => {
        const base = fonts ? 'PathRegSans' : 'Helvetica';
        const suffix =
          bold && italic ? (fonts ? '-BoldItalic' : '-BoldOblique') : bold ? '-Bold' : italic ? (fonts ? '-Italic' : '-Oblique') : '';
        return `${base}${suffix}`;
      },
      warningCallback: () => undefined,
    });
    doc.end();
  });
}

export interface FigureExportRequest extends FigureRequest {
  format: FigureFormat;
  /** PNG only: 150, 300 or 600. */
  dpi: number;
  out: string;
  overwrite?: boolean;
  exportedAt?: string;
  fileSystem?: AtomicFileSystem;
}

/** The bytes of one exported figure file (no I/O). */
export async function figureFileBytes(request: Omit<FigureExportRequest, 'out' | 'overwrite' | 'fileSystem'>): Promise<Uint8Array> {
  const provenance = figureProvenance(request, request.exportedAt);
  const title = `${FIGURE_TITLES[request.figure]} (${provenance.app} ${provenance.appVersion})`;
  return figureBytes((dpi) => renderRunFigure(request, dpi), provenance, title, request);
}

/**
 * A drawn figure as SVG, PNG or PDF bytes with its provenance inside (SVG metadata, PNG text chunks, PDF info):
 * the one file writer of every figure, those of the run folder and those drawn from other data (precision–recall).
 */
export async function figureBytes(
  render: (dpi: number) => Promise<SVGSVGElement> | SVGSVGElement,
  provenance: Provenance,
  title: string,
  request: { format: FigureFormat; dpi: number; size: PhysicalSize; background: Background },
): Promise<Uint8Array> {
  switch (request.format) {
    case 'svg':
      return new TextEncoder().encode(svgFileText(await render(96), provenance, request.size, title));
    case 'png': {
      if (!(PNG_DPIS as readonly number[]).includes(request.dpi))
        throw new Error(`PNG resolution must be 150, 300 or 600 dpi, got ${request.dpi}.`);
      const svg = await render(request.dpi);
      const png = rasterizeSvg(standaloneSvg(svg), request.background);
      const entries: Array<[string, string]> = [
        ['Title', title],
        ['Software', `${provenance.app} ${provenance.appVersion}`],
        ['Creation Time', provenance.exportedAt],
      ];
      for (const [key, value] of provenanceEntries(provenance)) entries.push([`pathreg:${key}`, value]);
      entries.push(['pathreg:provenance_json', JSON.stringify(provenanceJson(provenance))]);
      return addPngMetadata(png, entries, request.dpi);
    }
    case 'pdf': {
      const svg = await render(72);
      return svgToPdf(standaloneSvg(svg), provenance, request.size, title);
    }
  }
}

export async function exportFigure(request: FigureExportRequest): Promise<void> {
  const bytes = await figureFileBytes(request);
  await writeFileAtomic(request.out, bytes, { overwrite: request.overwrite, fileSystem: request.fileSystem });
}
