/** Serialises a figure to SVG text with an XML declaration (what an exported .svg file contains). */
export function serializeSvg(svg: SVGSVGElement): string {
  const view = svg.ownerDocument.defaultView;
  // jsdom and browsers both provide XMLSerializer on their window; fall back to outerHTML (same markup for SVG).
  const markup =
    view && 'XMLSerializer' in view
      ? new (view as unknown as { XMLSerializer: typeof XMLSerializer }).XMLSerializer().serializeToString(svg)
      : svg.outerHTML;
  return `<?xml version="1.0" encoding="UTF-8"?>\n${markup}\n`;
}
