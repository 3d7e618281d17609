// svg-to-pdfkit ships no types; this is the part of its API the PDF export uses (README "Usage").
declare module 'svg-to-pdfkit' {
  interface SvgToPdfOptions {
    width?: number;
    height?: number;
    preserveAspectRatio?: string;
    assumePt?: boolean;
    useCSS?: boolean;
    fontCallback?: (family: string, bold: boolean, italic: boolean, fontOptions: { fauxBold?: boolean; fauxItalic?: boolean }) => string;
    warningCallback?: (message: string) => void;
  }
  function SVGtoPDF(doc: PDFKit.PDFDocument, svg: string | SVGElement, x?: number, y?: number, options?: SvgToPdfOptions): void;
  export default SVGtoPDF;
}
