/**
 * Saves a figure from the screen as an SVG file through the browser's download (same render function as export;
 * PNG/PDF and provenance come from the export pipeline).
 */
import { serializeSvg } from '../figures/serialize.ts';

export function downloadSvg(svg: SVGSVGElement, fileName: string): void {
  const blob = new Blob([serializeSvg(svg)], { type: 'image/svg+xml' });
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
