// A small CSV reader for the shipped region extracts and the grid import: RFC 4180 quoting
// ("a ""b""", commas inside quotes), one record per line (no line breaks inside fields).

export interface CsvRecord {
  /** 1-based line number in the input, as people count lines in an editor. */
  line: number;
  fields: string[];
}

export class CsvSyntaxError extends Error {}

/** Splits one line into fields; throws CsvSyntaxError on a broken quote. */
export function splitCsvLine(text: string): string[] {
  const fields: string[] = [];
  let i = 0;
  for (;;) {
    if (text[i] === '"') {
      let value = '';
      i++;
      for (;;) {
        const q = text.indexOf('"', i);
        if (q < 0) throw new CsvSyntaxError('a quoted field is not closed');
        value += text.slice(i, q);
        if (text[q + 1] === '"') {
          value += '"';
          i = q + 2;
          continue;
        }
        i = q + 1;
        break;
      }
      fields.push(value);
      if (i === text.length) return fields;
      if (text[i] !== ',') throw new CsvSyntaxError('text follows a closing quote');
      i++;
    } else {
      const comma = text.indexOf(',', i);
      if (comma < 0) {
        fields.push(text.slice(i));
        return fields;
      }
      fields.push(text.slice(i, comma));
      i = comma + 1;
    }
  }
}

/** The non-blank lines of a CSV text (a leading BOM dropped), each with its line number. */
export function csvLines(text: string): { line: number; text: string }[] {
  const body = text.charCodeAt(0) === 0xfeff ? text.slice(1) : text;
  const out: { line: number; text: string }[] = [];
  const lines = body.split(/\r?\n/);
  for (const [index, line] of lines.entries()) {
    if (line.trim() !== '') out.push({ line: index + 1, text: line });
  }
  return out;
}
