/** Wording shared by several control families. */
import type { App, LocationMode } from "../../policy/model";
import type { ControlId } from "../catalogue";
import type { LiveContext } from "../context";
import { cannotCheck, type Finding } from "../finding";
import { zh, type Bilingual } from "../../text";

export function appLabel(app: Pick<App, "agentId" | "key">): Bilingual {
  return { zh: zh`应用 ${app.agentId}（${app.key}）`, en: `App ${app.agentId} (${app.key})` };
}

export function appTarget(agentId: number): string {
  return `app:${agentId}`;
}

export const LOCATION_MODE_TEXT: Readonly<Record<LocationMode, Bilingual>> = {
  off: { zh: "不上报位置", en: "does not report location" },
  "on-enter": { zh: "进入应用时上报位置", en: "reports location on entering the app" },
  continuous: { zh: "持续上报位置", en: "reports location continuously" },
};

/** Joins problem phrases into one sentence per language: "a; b." / "a；b。" */
export function joinProblems(problems: readonly Bilingual[]): Bilingual {
  return {
    zh: problems.map((p) => p.zh).join("；"),
    en: problems.map((p) => p.en).join("; "),
  };
}

/** Waivers may name an app by its policy key as well as by agentid. */
export function appAliases(app: Pick<App, "key"> | undefined): string[] | undefined {
  return app ? [app.key, `app:${app.key}`] : undefined;
}

/**
 * Declared apps the snapshot does not hold (no secret for them, or unreadable): a live check of apps
 * says "cannot check" for each instead of passing it over in silence.
 */
export function unreadApps(ctx: LiveContext, controlId: ControlId): Finding[] {
  const read = new Set(ctx.snapshot.apps.map((a) => a.agentId));
  return ctx.model.apps
    .filter((a) => !read.has(a.agentId))
    .map((app) => {
      const label = appLabel(app);
      return cannotCheck(
        controlId,
        appTarget(app.agentId),
        ctx.snapshot.gaps?.apps,
        {
          zh: `无法读取${label.zh}（wecom:appSecrets 中没有 agentid ${app.agentId} 的 Secret，或读取失败）。`,
          en: `${label.en} could not be read (wecom:appSecrets has no secret for agentid ${app.agentId}, or reading it failed).`,
        },
        { pointer: app.source, aliases: appAliases(app) },
      );
    });
}
