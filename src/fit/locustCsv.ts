import { DataFormatError, ModelInputError } from "../errors.js";

// The CSV reading shared by the locust readers (unexported): RFC 4180 records with quoted fields
// (commas, doubled quotes and line breaks inside quotes), columns found by their header names.

/** One record of a CSV text and the 1-based line it starts on. */
interface CsvRecord {
  line: number;
  fields: string[];
}

/** The records of a CSV text, blank lines skipped; an unterminated quote is an error. */
function csvRecords(text: string, source: string): CsvRecord[] {
  const records: CsvRecord[] = [];
  let fields: string[] = [];
  let field = "";
  let quoted = false;
  let line = 1;
  let start = 1;
  let empty = true; // the record so far is an empty line
  const end = (): void => {
    fields.push(field);
    if (!(empty && fields.length === 1)) records.push({ line: start, fields });
    fields = [];
    field = "";
    empty = true;
  };
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        field += '"';
        i++;
      } else if (c === '"') quoted = false;
      else {
        if (c === "\n") line++;
        field += c;
      }
      continue;
    }
    if (c === "\n" || c === "\r") {
      if (c === "\r" && text[i + 1] === "\n") i++;
      end();
      line++;
      start = line;
      continue;
    }
    empty = false;
    if (c === '"' && field === "") quoted = true;
    else if (c === ",") {
      fields.push(field);
      field = "";
    } else field += c;
  }
  if (quoted) throw new DataFormatError(source, start, "a quoted field is not closed");
  end();
  return records;
}

/** One data row of a locust CSV, read by column names (locust's header words). */
export interface LocustRow {
  /** The 1-based line the row starts on. */
  line: number;
  /** Locust's `Type` (empty on `Aggregated` rows). */
  type: string;
  /** Locust's `Name`. */
  name: string;
  /** True for locust's `Aggregated` row (Name `Aggregated`, empty Type). */
  aggregated: boolean;
  /** The column as a finite number >= 0, or a {@link DataFormatError} naming it and the line. */
  number(column: string): number;
  /** The percentile columns (`50%` … `100%`) in seconds, keyed "0.5" … "1", `N/A` left out. */
  quantilesSec(): Record<string, number>;
  /** Millisecond columns in seconds under the given keys, those that are `N/A` left out. */
  timesSec<K extends string>(columns: Readonly<Record<K, string>>): Partial<Record<K, number>>;
}

/**
 * The rows of a locust CSV after its header (line 1), checking that every `required` column is
 * there (`Type` and `Name` always) and that every row has as many fields as the header.
 */
export function locustRows(
  model: string,
  text: unknown,
  source: string,
  required: readonly string[],
): LocustRow[] {
  if (typeof text !== "string") throw new ModelInputError(model, "text", text, "a string");
  const records = csvRecords(text, source);
  const first = records[0];
  if (!first || first.line !== 1) throw new DataFormatError(source, 1, "no header line");
  const header = first.fields.map((h) => h.trim());
  for (const name of ["Type", "Name", ...required]) {
    if (!header.includes(name)) throw new DataFormatError(source, 1, `no \`${name}\` column`);
  }
  const percentiles = percentileColumns(header);
  return records.slice(1).map((record) => {
    if (record.fields.length !== header.length) {
      throw new DataFormatError(
        source,
        record.line,
        `${record.fields.length} fields where the header has ${header.length}`,
      );
    }
    const field = (column: string): string => (record.fields[header.indexOf(column)] ?? "").trim();
    const optional = (column: string): number | undefined =>
      field(column) === "N/A" ? undefined : number(source, record.line, column, field(column));
    const type = field("Type");
    const name = record.fields[header.indexOf("Name")] ?? "";
    return {
      line: record.line,
      type,
      name,
      aggregated: name === "Aggregated" && type === "",
      number: (column) => number(source, record.line, column, field(column)),
      quantilesSec: () => {
        const out: Record<string, number> = {};
        for (const { column, key } of percentiles) {
          const ms = optional(column);
          if (ms !== undefined) out[key] = ms / 1000;
        }
        return out;
      },
      timesSec: <K extends string>(columns: Readonly<Record<K, string>>) => {
        const out: Partial<Record<K, number>> = {};
        for (const key of Object.keys(columns) as K[]) {
          const ms = optional(columns[key]);
          if (ms !== undefined) out[key] = ms / 1000;
        }
        return out;
      },
    };
  });
}

/** Locust's percentile columns (`50%` … `99.99%`, `100%`) and their keys ("0.5" … "1"). */
function percentileColumns(header: readonly string[]): { column: string; key: string }[] {
  return header.flatMap((column) => {
    const m = /^(\d+(?:\.\d+)?)%$/.exec(column);
    return m ? [{ column, key: String(Number((Number(m[1]) / 100).toPrecision(12))) }] : [];
  });
}

/** The text as a finite number >= 0, or a {@link DataFormatError} naming the column and line. */
function number(source: string, line: number, column: string, text: string): number {
  const value = text === "" ? Number.NaN : Number(text);
  if (!(value >= 0 && value < Infinity)) {
    throw new DataFormatError(
      source,
      line,
      `\`${column}\` is not a number >= 0: ${JSON.stringify(text)}`,
    );
  }
  return value;
}
