/** archive.yaml → Archive. */
import type { ArchiveFile } from "../../generated/archive";
import { refOf, type LoadContext } from "../context";
import type { Archive } from "../model";
import { opt, sortedUnique } from "../util";

export const ARCHIVE_FILE = "archive.yaml";

export function normaliseArchive(ctx: LoadContext, data: ArchiveFile): Archive {
  const f = ARCHIVE_FILE;
  data.members.forEach((m, i) => ctx.ref("user", m, f, `/members/${i}`));
  if (data.consent_purpose !== undefined)
    ctx.ref("consent-purpose", data.consent_purpose, f, "/consent_purpose");
  if (data.pia !== undefined) ctx.refRecord("pia", data.pia, f, "/pia");
  if (data.consultation !== undefined) ctx.refRecord("consultation", data.consultation, f, "/consultation");
  return {
    enabled: data.enabled,
    members: sortedUnique(ctx.items(f, "/members", data.members)),
    ...opt("purpose", data.purpose),
    ...opt("legalBasis", data.legal_basis),
    ...opt("consentPurpose", data.consent_purpose),
    ...opt("piaRecord", data.pia),
    ...opt("consultationRecord", data.consultation),
    ...opt("retentionDays", data.retention_days),
    ...opt("storageRegion", data.storage_region),
    includesExternalContacts: data.includes_external_contacts ?? false,
    ...opt("since", data.since),
    source: refOf(f),
  };
}
