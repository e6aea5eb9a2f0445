/** apps.yaml → App[]. Declares app keys (and their agentids) for roles and records. */
import type { AppsFile } from "../../generated/apps";
import { pointerOf, refOf, type LoadContext } from "../context";
import { msg } from "../messages";
import type { App, AppAdmin } from "../model";
import { entries, opt, sortedUnique } from "../util";

export const APPS_FILE = "apps.yaml";

export function declareApps(ctx: LoadContext, data: AppsFile): void {
  ctx.known.apps = new Map(entries(data.apps).map(([key, a]) => [key, a.agentid]));
}

export function normaliseApps(ctx: LoadContext, data: AppsFile): App[] {
  const f = APPS_FILE;
  const agentIds = new Map<number, string>();
  return entries(data.apps).map(([key, a]) => {
    const at = (...s: (string | number)[]): string => pointerOf("apps", key, ...s);
    const same = agentIds.get(a.agentid);
    if (same !== undefined)
      ctx.report(
        f,
        at("agentid"),
        msg.duplicateValue({ zh: "AgentId", en: "agentid" }, a.agentid, `/apps/${same}`),
      );
    else agentIds.set(a.agentid, key);
    const loc = a.location;
    if (loc.consent_purpose !== undefined)
      ctx.ref("consent-purpose", loc.consent_purpose, f, at("location", "consent_purpose"));
    if (loc.pia !== undefined) ctx.refRecord("pia", loc.pia, f, at("location", "pia"));
    const vr = a.visible_range;
    (vr.users ?? []).forEach((u, i) => ctx.ref("user", u, f, at("visible_range", "users", i)));
    (vr.departments ?? []).forEach((d, i) =>
      ctx.ref("department", d, f, at("visible_range", "departments", i)),
    );
    (vr.roles ?? []).forEach((r, i) => ctx.ref("role", r, f, at("visible_range", "roles", i)));
    ctx.items(
      f,
      at("admins"),
      (a.admins ?? []).map((ad) => ad.userid),
    );
    const admins: AppAdmin[] = (a.admins ?? []).map((ad, i) => {
      ctx.ref("user", ad.userid, f, at("admins", i, "userid"));
      return { userId: ad.userid, authType: ad.auth_type, source: refOf(f, "apps", key, "admins", i) };
    });
    admins.sort((x, y) => (x.userId < y.userId ? -1 : x.userId > y.userId ? 1 : 0));
    return {
      key,
      agentId: a.agentid,
      ...opt("name", a.name),
      ...opt("description", a.description),
      location: {
        mode: loc.mode,
        ...opt("purpose", loc.purpose),
        ...opt("consentPurpose", loc.consent_purpose),
        ...opt("piaRecord", loc.pia),
        ...opt("since", loc.since),
        source: refOf(f, "apps", key, "location"),
      },
      reportEnter: a.report_enter ?? false,
      ...opt("redirectDomain", a.redirect_domain),
      ...opt("homeUrl", a.home_url),
      sensitiveData: a.sensitive_data ?? false,
      ...opt("maxAdmins", a.max_admins),
      visibleRange: {
        users: sortedUnique(ctx.items(f, at("visible_range", "users"), vr.users ?? [])),
        departments: sortedUnique(ctx.items(f, at("visible_range", "departments"), vr.departments ?? [])),
        tags: sortedUnique(ctx.items(f, at("visible_range", "tags"), vr.tags ?? [])),
        roles: sortedUnique(ctx.items(f, at("visible_range", "roles"), vr.roles ?? [])),
        source: refOf(f, "apps", key, "visible_range"),
      },
      admins,
      source: refOf(f, "apps", key),
    };
  });
}
