/** people.yaml + roster CSV → People. Declares the userids every other file refers to. */
import type { PeopleRow } from "../../generated/people-row";
import type { PeopleFile } from "../../generated/people";
import { refOf, type LoadContext } from "../context";
import type { CsvSource } from "../csv-source";
import { msg } from "../messages";
import type { People, Person } from "../model";
import { opt } from "../util";
import { validRows } from "./csv-rows";

export const PEOPLE_FILE = "people.yaml";

/**
 * Validate the roster rows and declare their userids. Rows with problems still declare a well-formed
 * userid, so one bad leave date does not turn every reference to that person into "unknown user".
 */
export function declarePeople(ctx: LoadContext, csv: CsvSource): Person[] {
  const rows = validRows<PeopleRow>(ctx, csv, "people-row");
  const users = new Set<string>();
  for (const r of csv.rows) {
    const id = r.cells["userid"];
    if (id !== undefined) users.add(id);
  }
  if (csv.header.includes("userid")) ctx.known.users = users;
  const firstLine = new Map<string, number>();
  const people: Person[] = [];
  for (const { index, row } of rows) {
    const line = csv.rows[index]!.line;
    const first = firstLine.get(row.userid);
    if (first !== undefined) {
      ctx.report(csv.file, `/rows/${index}/userid`, msg.duplicateId("userid", row.userid, first));
      continue;
    }
    firstLine.set(row.userid, line);
    // Assigned field by field, not spread from opt(): a roster has a row per member (issue 12: 100,000).
    const p: Person = { userId: row.userid, status: row.status, source: refOf(csv.file, "rows", index) };
    if (row.name !== undefined) p.name = row.name;
    if (row.department !== undefined) p.department = row.department;
    if (row.leave_date !== undefined) p.leaveDate = row.leave_date;
    if (row.customer_takeover !== undefined) p.customerTakeover = row.customer_takeover;
    people.push(p);
  }
  return people;
}

export function normalisePeople(
  ctx: LoadContext,
  data: PeopleFile,
  csv: CsvSource,
  members: Person[],
): People {
  for (const p of members) {
    const at = p.source.slice(csv.file.length + 1);
    if (p.department !== undefined) ctx.ref("department", p.department, csv.file, `${at}/department`);
    if (p.customerTakeover !== undefined)
      ctx.ref("user", p.customerTakeover, csv.file, `${at}/customer_takeover`);
  }
  return {
    rosterFile: data.roster,
    ...opt("origin", data.origin),
    members,
    byId: new Map(members.map((p) => [p.userId, p])),
    source: refOf(PEOPLE_FILE),
  };
}
