/** crossborder.yaml → CrossBorder. */
import type { CrossborderFile } from "../../generated/crossborder";
import { pointerOf, refOf, type LoadContext } from "../context";
import type { CrossBorder } from "../model";
import { entries, opt, sortedUnique } from "../util";

export const CROSSBORDER_FILE = "crossborder.yaml";

export function declareCrossBorder(ctx: LoadContext, data: CrossborderFile): void {
  ctx.known.recipients = new Set(Object.keys(data.recipients));
}

export function normaliseCrossBorder(ctx: LoadContext, data: CrossborderFile): CrossBorder {
  const f = CROSSBORDER_FILE;
  return {
    approvedDomains: sortedUnique(
      ctx.items(
        f,
        "/approved_domains",
        data.approved_domains.map((d) => d.toLowerCase()),
      ),
    ),
    recipients: entries(data.recipients).map(([key, r]) => {
      const at = (...s: string[]): string => pointerOf("recipients", key, ...s);
      if (r.consent_purpose !== undefined)
        ctx.ref("consent-purpose", r.consent_purpose, f, at("consent_purpose"));
      if (r.pia !== undefined) ctx.refRecord("pia", r.pia, f, at("pia"));
      return {
        key,
        name: r.name,
        country: r.country,
        purpose: r.purpose,
        categories: [...ctx.items(f, at("categories"), r.categories)],
        sensitive: r.sensitive ?? false,
        mechanism: r.mechanism,
        reference: r.reference,
        legalBasis: r.legal_basis,
        ...opt("noticeVersion", r.notice_version),
        ...opt("consentPurpose", r.consent_purpose),
        ...opt("piaRecord", r.pia),
        domains: sortedUnique(
          ctx.items(
            f,
            at("domains"),
            (r.domains ?? []).map((d) => d.toLowerCase()),
          ),
        ),
        ...opt("peopleCount", r.people_count),
        source: refOf(f, "recipients", key),
      };
    }),
    source: refOf(f),
  };
}
