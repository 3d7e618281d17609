/**
 * Saves a figure from the screen as an SVG file through the browser's download (same render function as export;
 * PNG/PDF and provenance come from the export pipeline).
 */
import { serializeSvg } from '../../src-shared/figures/serialize.ts';

/** Hands `blob` to the browser's download as `fileName`. */
export function downloadBlob(blob: Blob, fileName: string): void {
  const url = URL.createObjectURL(blob);
  const link = document.createElement('a');
  link.href = url;
  link.download = fileName;
  document.body.appendChild(link);
  link.click();
  link.remove();
  // Revoke after the click has been handled; revoking at once can cancel the download in some browsers.
  setTimeout(() => URL.revokeObjectURL(url), 1000);
}

export function downloadSvg(svg: SVGSVGElement, fileName: string): void {
  downloadBlob(new Blob([serializeSvg(svg)], { type: 'image/svg+xml' }), fileName);
}

/**
 * Saves a figure as a PNG: the SVG (already drawn at the print dpi by its render function, so text and lines keep
 * their printed size) is rasterised by the browser on a canvas. White background unless the figure has none.
 * Exported files with provenance (PNG text chunks, PDF) come from the export pipeline (`pathreg export`).
 */
export async function downloadPng(svg: SVGSVGElement, fileName: string): Promise<void> {
  const width = Number(svg.getAttribute('width'));
  const height = Number(svg.getAttribute('height'));
  const url = URL.createObjectURL(new Blob([serializeSvg(svg)], { type: 'image/svg+xml' }));
  try {
    const image = new Image();
    image.decoding = 'async';
    await new Promise<void>((resolve, reject) => {
      image.onload = () => resolve();
      image.onerror = () => reject(new Error(`The browser could not draw "${fileName}" as an image.`));
      image.src = url;
    });
    const canvas = document.createElement('canvas');
    canvas.width = width;
    canvas.height = height;
    const context = canvas.getContext('2d');
    if (!context) throw new Error('This browser gives no 2D canvas to draw the PNG on.');
    context.drawImage(image, 0, 0, width, height);
    const blob = await new Promise<Blob | null>((resolve) => canvas.toBlob(resolve, 'image/png'));
    if (!blob) throw new Error(`The figure is too large for a PNG in this browser (${width} × ${height} px); choose a lower dpi.`);
    downloadBlob(blob, fileName);
  } finally {
    URL.revokeObjectURL(url);
  }
}

/**
 * Saves a file the export channels made (bytes with provenance inside) through the browser's download, with its
 * provenance sidecar where the format needs one. The desktop app has saved it in main already (`savedTo`).
 */
export function downloadExportedFile(file: {
  fileName: string;
  mimeType: string;
  contentBase64: string;
  sidecar?: { fileName: string; contentBase64: string };
  edgeTable?: { fileName: string; contentBase64: string };
}): void {
  const save = (name: string, base64: string, type: string) => {
    const binary = atob(base64);
    const bytes = new Uint8Array(binary.length);
    for (let i = 0; i < binary.length; i++) bytes[i] = binary.charCodeAt(i);
    downloadBlob(new Blob([bytes], { type }), name);
  };
  save(file.fileName, file.contentBase64, file.mimeType);
  if (file.sidecar) save(file.sidecar.fileName, file.sidecar.contentBase64, 'application/json');
  if (file.edgeTable) save(file.edgeTable.fileName, file.edgeTable.contentBase64, 'text/csv');
}
