/** Escapes text for XML element content and attribute values (GraphML, SVG metadata, HTML). */
export function escapeXml(value: string): string {
  // Characters XML 1.0 forbids outright are dropped: a gene name can never legitimately contain them.
  return (
    value
      // eslint-disable-next-line no-control-regex
      .replace(/[\u0000-\u0008\u000b\u000c\u000e-\u001f]/g, '')
      .replace(/&/g, '&amp;')
      .replace(/</g, '&lt;')
      .replace(/>/g, '&gt;')
      .replace(/"/g, '&quot;')
      .replace(/'/g, '&apos;')
  );
}
