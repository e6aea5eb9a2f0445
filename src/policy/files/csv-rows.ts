/** Shared handling of CSV tables: header checks against the row schema, typed cells, per-row validation. */
import { readSchema } from "../../schema";
import type { LoadContext } from "../context";
import type { CsvRow, CsvSource } from "../csv-source";
import { didYouMean } from "../did-you-mean";
import { msg } from "../messages";
import { checkSchema } from "../schema-problems";

export interface ValidRow<T> {
  index: number;
  row: T;
}

/**
 * Check the header of `csv` against schema `rowSchema` (unknown and missing columns), then validate
 * every row. Returns the rows that are valid, with their index for pointers. Integer columns (per the
 * schema) are converted from text first so the schema sees numbers.
 */
export function validRows<T>(ctx: LoadContext, csv: CsvSource, rowSchema: string): ValidRow<T>[] {
  const schema = readSchema(rowSchema) as {
    properties: Record<string, { type?: string }>;
    required: string[];
  };
  const columns = Object.keys(schema.properties);
  let headerOk = true;
  for (const name of csv.header) {
    if (!columns.includes(name)) {
      ctx.report(csv.file, `/header/${name}`, msg.csvUnknownColumn(name, didYouMean(name, columns)));
      headerOk = false;
    }
  }
  for (const name of schema.required) {
    if (!csv.header.includes(name)) {
      ctx.report(csv.file, "/header", msg.csvMissingColumn(name));
      headerOk = false;
    }
  }
  if (!headerOk) return [];
  const integers = columns.filter((c) => schema.properties[c]?.type === "integer");
  const out: ValidRow<T>[] = [];
  csv.rows.forEach((row, index) => {
    const data = typed(row, integers);
    if (checkSchema(ctx, csv.file, rowSchema, data, `/rows/${index}`)) out.push({ index, row: data as T });
  });
  return out;
}

function typed(row: CsvRow, integers: string[]): Record<string, string | number> {
  const data: Record<string, string | number> = { ...row.cells };
  for (const c of integers) {
    const v = data[c];
    if (typeof v === "string" && /^-?\d+$/.test(v)) data[c] = Number(v);
  }
  return data;
}
