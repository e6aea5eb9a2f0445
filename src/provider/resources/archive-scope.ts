/**
 * `wecom:index:ArchiveScope` — who has message archiving (会话内容存档) on. Observed: only
 * msgaudit/get_permit_user_list reads it (archive secret, path/91614); the range is set only in the console.
 * One resource per tenant; its id is "archive".
 */
import { RESOURCE_TYPES } from "../../generated/resources";
import { requireSecret } from "../console-messages";
import { OBSERVED_CONSOLE_PATHS } from "../../wecom/console-paths";
import { readArchiveRange } from "../../tenant/read";
import { lowerKey, setDetailedDiff } from "../diff";
import { createObserved, updateObserved, type ObservedSpec } from "../observed";
import type { PropertyMap } from "../props";
import { containsUnknown } from "../props";
import type { DiffResult, ProviderContext, ResourceModule } from "../types";

export const ARCHIVE_SCOPE_TYPE = RESOURCE_TYPES.ArchiveScope.token;
const ID = "archive";

const members = (v: unknown): string[] =>
  Array.isArray(v) ? v.filter((x): x is string => typeof x === "string") : [];

export function diffArchiveScope(olds: PropertyMap, news: PropertyMap): DiffResult {
  if (containsUnknown(news["members"])) return { changes: false, detailedDiff: {} };
  const detailedDiff = setDetailedDiff(
    "members",
    members(olds["members"]),
    members(news["members"]),
    lowerKey,
  );
  return { changes: Object.keys(detailedDiff).length > 0, detailedDiff };
}

function spec(ctx: ProviderContext): ObservedSpec {
  return {
    what: { en: "the message-archive range", zh: "会话内容存档开启范围" },
    where: OBSERVED_CONSOLE_PATHS.ArchiveScope,
    diff: diffArchiveScope,
    readLive: async () => ({ members: await readArchiveRange(ctx.client()) }),
  };
}

export const archiveScope: ResourceModule = {
  type: ARCHIVE_SCOPE_TYPE,
  check(news, _olds, ctx) {
    return { inputs: news, failures: requireSecret(ctx, "archive") };
  },
  diff(_id, olds, news) {
    return diffArchiveScope(olds, news);
  },
  async create(ctx, inputs, preview) {
    if (preview) return { id: ID, outs: { ...inputs } };
    return createObserved(ID, spec(ctx), inputs);
  },
  async read(ctx, id) {
    const live = await spec(ctx).readLive();
    return { id, props: live, inputs: live };
  },
  async update(ctx, _id, olds, news, preview) {
    if (preview) return { ...olds, ...news };
    return updateObserved(spec(ctx), news);
  },
  async delete() {},
};
