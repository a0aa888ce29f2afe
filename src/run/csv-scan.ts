// A small RFC 4180 reader used only when something is wrong with a CSV file: DuckDB finds the
// bad value fast, this finds the physical line it is on (a quoted field may span lines, so
// record numbers and line numbers differ). Empty unquoted field = null; `""` = empty string.
import { closeSync, openSync, readSync } from "node:fs";
import { StringDecoder } from "node:string_decoder";

export interface CsvRecord {
  /** 0 for the header. */
  readonly index: number;
  /** Physical line (from 1) the record starts on. */
  readonly line: number;
  readonly fields: readonly (string | null)[];
}

/** Calls `visit` for each record in file order until it returns true; returns that record. */
export function scanCsv(path: string, visit: (r: CsvRecord) => boolean): CsvRecord | undefined {
  const fd = openSync(path, "r");
  const decoder = new StringDecoder("utf8");
  const buf = Buffer.alloc(1 << 20);
  let index = 0;
  let line = 1;
  let recordLine = 1;
  let fields: (string | null)[] = [];
  let field = "";
  let quoted = false; // the current field started with a quote
  let inQuotes = false;
  let afterQuote = false; // just saw a quote inside a quoted field (closing, or first of "")
  let first = true; // at the start of the file (a UTF-8 BOM is skipped)
  const endField = (): void => {
    fields.push(quoted || field !== "" ? field : null);
    field = "";
    quoted = false;
  };
  try {
    for (;;) {
      const n = readSync(fd, buf, 0, buf.length, null);
      const text = n > 0 ? decoder.write(buf.subarray(0, n)) : decoder.end();
      let i = 0;
      if (first && text.charCodeAt(0) === 0xfeff) i = 1;
      if (text.length) first = false;
      for (; i < text.length; i++) {
        const c = text[i]!;
        if (inQuotes) {
          if (afterQuote) {
            afterQuote = false;
            if (c === '"') {
              field += '"';
              continue;
            }
            inQuotes = false; // that quote closed the field; fall through to handle c
          } else if (c === '"') {
            afterQuote = true;
            continue;
          } else {
            if (c === "\n") line++;
            field += c;
            continue;
          }
        }
        if (c === ",") endField();
        else if (c === "\n") {
          endField();
          const rec = { index, line: recordLine, fields };
          line++;
          recordLine = line;
          index++;
          fields = [];
          if (visit(rec)) return rec;
        } else if (c === '"' && field === "" && !quoted) {
          quoted = true;
          inQuotes = true;
        } else if (c !== "\r") field += c; // CR of a CRLF line end (outside quotes) is dropped
      }
      if (n === 0) break;
    }
    if (field !== "" || quoted || fields.length) {
      endField();
      const rec = { index, line: recordLine, fields };
      if (visit(rec)) return rec;
    }
    return undefined;
  } finally {
    closeSync(fd);
  }
}

/** Physical line of record `index` (0 = header). */
export function lineOfRecord(path: string, index: number): number | undefined {
  return scanCsv(path, (r) => r.index === index)?.line;
}

/** The first data record whose field `column` (position in the file) equals `value` (null = empty). */
export function findRecord(path: string, column: number, value: string | null, from = 1): CsvRecord | undefined {
  return scanCsv(path, (r) => r.index >= from && (r.fields[column] ?? null) === value);
}
