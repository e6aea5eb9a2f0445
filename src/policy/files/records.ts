/** records.yaml → Records. Declares PIA and consultation ids for apps, archive and crossborder. */
import type { RecordsFile } from "../../generated/records";
import { pointerOf, refOf, type LoadContext } from "../context";
import { msg } from "../messages";
import type { IncidentPlan, Records } from "../model";
import { entries, opt, sortedUnique } from "../util";

export const RECORDS_FILE = "records.yaml";

export function declareRecords(ctx: LoadContext, data: RecordsFile): void {
  ctx.known.pias = new Set(Object.keys(data.pias));
  ctx.known.consultations = new Set(Object.keys(data.consultations));
}

export function normaliseRecords(ctx: LoadContext, data: RecordsFile): Records {
  const f = RECORDS_FILE;
  // One id names one record: a PIA and a consultation sharing an id would make references ambiguous.
  for (const id of Object.keys(data.consultations)) {
    if (data.pias[id] !== undefined)
      ctx.report(
        f,
        pointerOf("consultations", id),
        msg.duplicateValue({ zh: "记录编号", en: "record id" }, id, `/pias/${id}`),
      );
  }
  const pias = entries(data.pias).map(([id, p]) => {
    ctx.ref("user", p.owner, f, pointerOf("pias", id, "owner"));
    p.covers.forEach((c, i) => {
      const [kind, key] = splitCover(c);
      if (kind === "app" && key !== undefined) ctx.ref("app", key, f, pointerOf("pias", id, "covers", i));
      if (kind === "crossborder" && key !== undefined)
        ctx.ref("recipient", key, f, pointerOf("pias", id, "covers", i));
    });
    return {
      id,
      title: p.title,
      covers: p.covers,
      date: p.date,
      keepUntil: p.keep_until,
      owner: p.owner,
      ...opt("document", p.document),
      source: refOf(f, "pias", id),
    };
  });
  const consultations = entries(data.consultations).map(([id, c]) => ({
    id,
    title: c.title,
    rule: c.rule,
    discussedBy: c.discussed_by,
    settledOn: c.settled_on,
    publishedOn: c.published_on,
    ...opt("document", c.document),
    source: refOf(f, "consultations", id),
  }));
  const trainings = entries(data.trainings).map(([id, t]) => {
    t.attendees.forEach((u, i) => ctx.ref("user", u, f, pointerOf("trainings", id, "attendees", i)));
    return {
      id,
      topic: t.topic,
      date: t.date,
      attendees: sortedUnique(ctx.items(f, pointerOf("trainings", id, "attendees"), t.attendees)),
      source: refOf(f, "trainings", id),
    };
  });
  let incidentPlan: IncidentPlan | undefined;
  const plan = data.incident_plan;
  if (plan) {
    ctx.ref("user", plan.owner, f, "/incident_plan/owner");
    incidentPlan = {
      id: plan.id,
      title: plan.title,
      owner: plan.owner,
      approvedOn: plan.approved_on,
      contacts: plan.contacts.map((c, i) => {
        if (c.userid !== undefined) ctx.ref("user", c.userid, f, `/incident_plan/contacts/${i}/userid`);
        return {
          ...opt("userId", c.userid),
          name: c.name,
          role: c.role,
          ...opt("phone", c.phone),
          ...opt("email", c.email),
          source: refOf(f, "incident_plan", "contacts", i),
        };
      }),
      drills: plan.drills
        .map((d, i) => ({
          date: d.date,
          scenario: d.scenario,
          ...opt("report", d.report),
          source: refOf(f, "incident_plan", "drills", i),
        }))
        .sort((a, b) => (a.date < b.date ? -1 : a.date > b.date ? 1 : 0)),
      ...opt("document", plan.document),
      source: refOf(f, "incident_plan"),
    };
  }
  return { pias, consultations, ...opt("incidentPlan", incidentPlan), trainings, source: refOf(f) };
}

/** `app:field-assistant` → ["app", "field-assistant"]; free text → [text, undefined]. */
function splitCover(cover: string): [string, string | undefined] {
  const m = /^(app|crossborder):(.+)$/.exec(cover);
  return m ? [m[1]!, m[2]!] : [cover, undefined];
}
