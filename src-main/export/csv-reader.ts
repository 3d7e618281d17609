/**
 * A small RFC 4180 reader for the files this app writes and re-reads (edges.csv, exported edge lists, adjacency):
 * quoted fields, `#` comment lines before the header, CRLF or LF. Not a general CSV sniffer.
 */

export interface DelimitedTable {
  header: string[];
  rows: string[][];
  /** Text of the leading `#` comment lines, without the marker. */
  comments: string[];
  /** 1-based line number of each row in the file, for messages. */
  lineNumbers: number[];
}

export function parseDelimited(text: string, delimiter: ',' | '\t', where: string): DelimitedTable {
  const records: Array<{ fields: string[]; line: number }> = [];
  const comments: string[] = [];
  let line = 1;
  let i = 0;
  const n = text.length;
  while (i < n) {
    const startLine = line;
    if (records.length === 0 && text[i] === '#') {
      const end = text.indexOf('\n', i);
      const stop = end < 0 ? n : end;
      comments.push(
        text
          .slice(i + 1, stop)
          .replace(/\r$/, '')
          .replace(/^ /, ''),
      );
      i = stop + 1;
      line++;
      continue;
    }
    const fields: string[] = [];
    let field = '';
    let inQuotes = false;
    let ended = false;
    while (i < n && !ended) {
      const c = text[i];
      if (inQuotes) {
        if (c === '"') {
          if (text[i + 1] === '"') {
            field += '"';
            i += 2;
            continue;
          }
          inQuotes = false;
          i++;
          continue;
        }
        if (c === '\n') line++;
        field += c;
        i++;
        continue;
      }
      if (c === '"' && field === '') {
        inQuotes = true;
        i++;
        continue;
      }
      if (c === delimiter) {
        fields.push(field);
        field = '';
        i++;
        continue;
      }
      if (c === '\r' && text[i + 1] === '\n') {
        i++;
        continue;
      }
      if (c === '\n') {
        ended = true;
        i++;
        line++;
        continue;
      }
      field += c;
      i++;
    }
    if (inQuotes)
      throw new Error(`${where}, line ${startLine}: a quoted field is never closed. The file may be truncated; export it again.`);
    fields.push(field);
    if (!(fields.length === 1 && fields[0] === '')) records.push({ fields, line: startLine });
  }
  if (records.length === 0) throw new Error(`${where}: the file has no header row. Is it empty or truncated?`);
  const [head, ...rest] = records;
  return { header: head.fields.map((h) => h.trim()), rows: rest.map((r) => r.fields), comments, lineNumbers: rest.map((r) => r.line) };
}
