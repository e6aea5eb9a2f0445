/** waivers.yaml → Waiver[]. */
import type { WaiversFile } from "../../generated/waivers";
import { pointerOf, refOf, type LoadContext } from "../context";
import type { Waiver } from "../model";
import { entries, opt } from "../util";

export const WAIVERS_FILE = "waivers.yaml";

export function normaliseWaivers(ctx: LoadContext, data: WaiversFile): Waiver[] {
  const f = WAIVERS_FILE;
  return entries(data.waivers).map(([id, w]) => {
    ctx.ref("control", w.control, f, pointerOf("waivers", id, "control"));
    ctx.ref("user", w.owner, f, pointerOf("waivers", id, "owner"));
    if (w.approved_by !== undefined)
      ctx.ref("user", w.approved_by, f, pointerOf("waivers", id, "approved_by"));
    return {
      id,
      control: w.control,
      target: w.target,
      reason: w.reason,
      owner: w.owner,
      ...opt("approvedBy", w.approved_by),
      expires: w.expires,
      source: refOf(f, "waivers", id),
    };
  });
}
