/**
 * `wecom-policy import` without the command line: read the base policies and the live tenant, merge,
 * write the policy files, and check them exactly as `pulumi preview` would (schemas and references via
 * loadPolicies, then the legal gate). Adoption into a Pulumi stack is the command's job.
 */
import { promises as fs } from "node:fs";
import * as path from "node:path";
import { parse as parseYaml } from "yaml";
import { formatProblems, loadPolicies } from "../policy";
import { parseCsv } from "../policy/csv-source";
import { parseYaml as parseYamlSource, type YamlSource } from "../policy/yaml-source";
import type { ProgressSink } from "../progress";
import type { Lang } from "../text";
import { previewGate } from "../rules";
import { cstDay } from "../rules/dates";
import type { WecomClient } from "../wecom";
import { readLiveTenant, type LiveTenant } from "./live";
import { mergeInterceptRules, NOT_COPIED, type BaseInterceptRule } from "./intercept-rules";
import {
  mergeTenant,
  type BaseApp,
  type BasePolicies,
  type BaseRole,
  type LedgerRow,
  type MergeResult,
  type Note,
  type RosterRow,
} from "./merge";
import {
  header,
  renderYaml,
  renderApps,
  renderArchive,
  renderCheckin,
  renderPeople,
  renderRoles,
  renderRoster,
  renderTenant,
} from "./render";
import { mergeCheckin } from "./checkin";

/** Files regenerated from the live tenant; every other file of the base is copied unchanged. */
export const GENERATED_FILES = [
  "tenant.yaml",
  "roles.yaml",
  "apps.yaml",
  "archive.yaml",
  "people.yaml",
] as const;

/** An unreadable base or sandbox: the command exits 1 (src/cli/exit-codes.ts). */
export class ImportUsageError extends Error {}

export interface BaseDir extends BasePolicies {
  dir: string;
  /** Every regular file at the top of the base directory (relative name → content). */
  files: Map<string, Buffer>;
  tenantText: string;
  archiveText: string | undefined;
  rosterFile: string;
  rosterOrigin?: string;
  piOfficer?: string;
  corpId?: string;
}

const obj = (v: unknown): Record<string, unknown> =>
  typeof v === "object" && v !== null && !Array.isArray(v) ? (v as Record<string, unknown>) : {};

function parseFile(files: Map<string, Buffer>, name: string, dir: string): Record<string, unknown> {
  const b = files.get(name);
  if (!b) return {};
  try {
    return obj(parseYaml(b.toString("utf8"), { schema: "core" }));
  } catch (err) {
    throw new ImportUsageError(
      `${path.join(dir, name)} is not valid YAML (${err instanceof Error ? err.message.split("\n")[0] : String(err)}); run \`wecom-policy validate --dir ${dir}\`.\n` +
        `${path.join(dir, name)} 不是有效的 YAML；请运行 \`wecom-policy validate --dir ${dir}\`。`,
    );
  }
}

/**
 * Every file under `dir`, relative and `/`-separated, sorted: a roster or ledger may live in a
 * subdirectory (people.yaml `roster`, consent.yaml `ledger_file`). Hidden entries are skipped.
 */
async function listFiles(dir: string, prefix = ""): Promise<string[]> {
  const out: string[] = [];
  for (const e of await fs.readdir(path.join(dir, prefix), { withFileTypes: true })) {
    if (e.name.startsWith(".")) continue;
    const rel = prefix ? `${prefix}/${e.name}` : e.name;
    if (e.isDirectory()) out.push(...(await listFiles(dir, rel)));
    else if (e.isFile()) out.push(rel);
  }
  return out;
}

/** Read the base policies (`--base`): the human-authored files and the human fields to keep. */
export async function readBase(dir: string): Promise<BaseDir> {
  const abs = path.resolve(dir);
  let names: string[];
  try {
    names = await listFiles(abs);
  } catch {
    throw new ImportUsageError(
      `base policies directory ${abs} does not exist. import keeps what WeCom cannot know (tenant.yaml, consent, retention, records, …) from a base: start from a copy of the example policies/ and pass it with --base.\n` +
        `基础策略目录 ${abs} 不存在。导入需要基础策略提供企业微信无法得知的内容（tenant.yaml、同意、保存期限、记录等）：请复制示例 policies/ 后用 --base 指定。`,
    );
  }
  const files = new Map<string, Buffer>();
  for (const n of names.sort()) files.set(n, await fs.readFile(path.join(abs, n)));
  if (!files.has("tenant.yaml"))
    throw new ImportUsageError(
      `${abs} has no tenant.yaml: the base must describe the company (tenant.yaml). / 基础策略目录缺少 tenant.yaml。`,
    );

  const tenant = parseFile(files, "tenant.yaml", abs);
  const people = parseFile(files, "people.yaml", abs);
  const retention = parseFile(files, "retention.yaml", abs);
  const archiveDoc = parseFile(files, "archive.yaml", abs);
  const consent = parseFile(files, "consent.yaml", abs);
  const rosterFile = typeof people["roster"] === "string" ? people["roster"] : "people.csv";
  // Where each base fact was written, so a conflict with the live tenant names the line: people.csv:20:1.
  const yamlSources = new Map<string, YamlSource>();
  const locate = (file: string, pointer: string): string | undefined => {
    const text = files.get(file);
    if (!text) return undefined;
    let src = yamlSources.get(file);
    if (!src) yamlSources.set(file, (src = parseYamlSource(file, text.toString("utf8"))));
    const { position } = src.locate(pointer);
    return `${file}:${position.line}:${position.column}`;
  };
  const csvRows = (file: string) => {
    const text = files.get(file);
    return text ? parseCsv(file, text.toString("utf8")).rows : [];
  };
  const roster: RosterRow[] = csvRows(rosterFile)
    .filter((r) => r.cells["userid"])
    .map(({ cells: r, line }) => {
      const row: RosterRow = {
        userid: r["userid"]!,
        status: r["status"] === "left" ? "left" : "active",
        where: `${rosterFile}:${line}:1`,
      };
      if (r["name"]) row.name = r["name"];
      const d = Number(r["department"]);
      if (r["department"] && Number.isInteger(d)) row.department = d;
      if (r["leave_date"]) row.leave_date = r["leave_date"];
      if (r["customer_takeover"]) row.customer_takeover = r["customer_takeover"];
      return row;
    });
  const str = (v: unknown) => (typeof v === "string" ? v : undefined);
  const ledgerRow = (r: Record<string, unknown>, where: string | undefined): LedgerRow | undefined => {
    const userid = str(r["userid"]);
    const purpose = str(r["purpose"]);
    if (userid === undefined || purpose === undefined) return undefined;
    const row: LedgerRow = { userid, purpose };
    const given = str(r["given"]);
    const withdrawn = str(r["withdrawn"]);
    if (given) row.given = given;
    if (withdrawn) row.withdrawn = withdrawn;
    if (where !== undefined) row.where = where;
    return row;
  };
  let ledger: LedgerRow[] | undefined;
  if (Array.isArray(consent["ledger"]))
    ledger = consent["ledger"]
      .map((r, i) => ledgerRow(obj(r), locate("consent.yaml", `/ledger/${i}`)))
      .filter((r): r is LedgerRow => r !== undefined);
  else if (typeof consent["ledger_file"] === "string") {
    const file = consent["ledger_file"];
    ledger = csvRows(file)
      .map(({ cells, line }) => ledgerRow(cells, `${file}:${line}:1`))
      .filter((r): r is LedgerRow => r !== undefined);
  }
  const leavers = obj(retention["leavers"]);
  const pi = obj(tenant["pi_officer"]);
  const base: BaseDir = {
    dir: abs,
    files,
    tenantText: files.get("tenant.yaml")!.toString("utf8"),
    archiveText: files.get("archive.yaml")?.toString("utf8"),
    rosterFile,
    locate,
    ...(ledger !== undefined ? { ledger } : {}),
    archive: {
      ...(str(archiveDoc["legal_basis"]) !== undefined
        ? { legalBasis: str(archiveDoc["legal_basis"])! }
        : {}),
      ...(str(archiveDoc["consent_purpose"]) !== undefined
        ? { consentPurpose: str(archiveDoc["consent_purpose"])! }
        : {}),
    },
    roles: obj(parseFile(files, "roles.yaml", abs)["roles"]) as Record<string, BaseRole>,
    apps: obj(parseFile(files, "apps.yaml", abs)["apps"]) as Record<string, BaseApp>,
    roster,
    departments: (Array.isArray(tenant["departments"]) ? tenant["departments"] : [])
      .map(obj)
      .filter((d) => typeof d["id"] === "number")
      .map((d) => ({
        id: d["id"] as number,
        ...(typeof d["name_en"] === "string" ? { name_en: d["name_en"] } : {}),
      })),
  };
  if (typeof leavers["delete_after_days"] === "number") base.deleteAfterDays = leavers["delete_after_days"];
  if (typeof people["origin"] === "string") base.rosterOrigin = people["origin"];
  if (typeof pi["userid"] === "string") base.piOfficer = pi["userid"];
  if (typeof tenant["corp_id"] === "string") base.corpId = tenant["corp_id"];
  return base;
}

export interface ImportOptions {
  baseDir: string;
  outDir: string;
  client: WecomClient;
  corpId: string;
  agentIds: number[];
  archive: boolean;
  /** The customer-contact app is configured: the chat intercept rules are read into protection.yaml. */
  customer?: boolean;
  /** Owner of roles made from tags the base does not know; default: the base's PI officer. */
  owner?: string;
  now: Date;
  /** Relative link from the output directory to schemas/ for the editor hint in each header. */
  schemaDir: string;
  lang: Lang;
  /** Permanent step lines (also in CI logs). */
  progress?: (line: string) => void;
  /** Counts and waits for the live progress line; see ReadLiveOptions.sink. */
  sink?: ProgressSink;
}

export interface ImportResult {
  /** The files were written and pass schemas, references and the legal gate. */
  valid: boolean;
  outDir: string;
  /** Written files, relative to outDir, sorted. */
  files: string[];
  merged: MergeResult;
  live: LiveTenant;
  /** Bilingual report of every problem or mandatory finding (empty when valid). */
  report: string;
  /** Advisory findings, one bilingual line each. */
  warnings: string[];
  /** Tenant corp id differs from the base's tenant.yaml (the live one was written). */
  corpIdChanged?: { base: string; live: string };
  ms: { live: number; total: number };
}

async function writeAtomic(file: string, data: string | Buffer): Promise<void> {
  await fs.mkdir(path.dirname(file), { recursive: true });
  const tmp = `${file}.import-${process.pid}.tmp`;
  await fs.writeFile(tmp, data);
  await fs.rename(tmp, file);
}

const TITLES: Record<string, Note> = {
  "tenant.yaml": { zh: "企业基本信息", en: "The company behind the WeCom tenant" },
  "roles.yaml": { zh: "角色（企业微信标签）", en: "Roles (WeCom tags)" },
  "apps.yaml": { zh: "自建应用", en: "Self-built apps" },
  "archive.yaml": { zh: "会话内容存档", en: "Message archiving" },
  "people.yaml": { zh: "人事花名册", en: "HR roster" },
  "protection.yaml": {
    zh: "商业秘密与敏感数据保护：聊天敏感词规则",
    en: "Trade secrets: chat intercept rules",
  },

  "checkin.yaml": { zh: "打卡规则", en: "Check-in (打卡) rules" },
};

export async function runImport(opts: ImportOptions): Promise<ImportResult> {
  const t0 = Date.now();
  const say = opts.progress ?? (() => {});
  const base = await readBase(opts.baseDir);
  const owner = opts.owner ?? base.piOfficer;
  if (!owner)
    throw new ImportUsageError(
      "no owner for roles made from unknown tags: pass --owner USERID, or name the PI officer's userid in the base tenant.yaml (pi_officer.userid).\n" +
        "新标签的角色缺少负责人：请用 --owner 指定，或在基础 tenant.yaml 中填写 pi_officer.userid。",
    );
  const today = cstDay(opts.now);

  say(`reading the live tenant ${opts.corpId} (read-only) / 读取企业微信实时状态（只读）`);
  const tl = Date.now();
  const live = await readLiveTenant(opts.client, {
    corpId: opts.corpId,
    agentIds: opts.agentIds,
    archive: opts.archive,
    ...(opts.customer ? { customer: true } : {}),
    ...(opts.sink ? { sink: opts.sink } : {}),
    progress: (l) => say(`  ${l}`),
  });
  const liveMs = Date.now() - tl;
  const merged = mergeTenant(live, base, { today, owner });
  // Live chat intercept rules go into protection.yaml with their rule_id (adopted); see ./intercept-rules.ts.
  const rules =
    live.interceptRules && live.interceptRules.length > 0
      ? mergeInterceptRules(
          live.interceptRules,
          obj(parseFile(base.files, "protection.yaml", base.dir)["intercept_rules"]) as Record<
            string,
            BaseInterceptRule
          >,
          merged.roles,
        )
      : undefined;
  if (rules) merged.notes.push(NOT_COPIED, ...rules.notes);

  const out = path.resolve(opts.outDir);
  // An output directory inside the base must not be copied into itself on the next run.
  if (out !== base.dir && out.startsWith(base.dir + path.sep)) {
    const inside = path.relative(base.dir, out).split(path.sep).join("/") + "/";
    for (const name of [...base.files.keys()]) if (name.startsWith(inside)) base.files.delete(name);
  }
  const head = (file: string) =>
    header({
      file,
      schemaDir: opts.schemaDir,
      corpId: live.corpId,
      date: today,
      title: TITLES[file]!,
      todo: [...merged.notes, ...merged.conflicts].filter(
        (n) => n.file === file || (file === "people.yaml" && n.file === undefined),
      ),
    });
  const generated = new Map<string, string>();
  generated.set(
    "tenant.yaml",
    renderTenant(base.tenantText, live.corpId, merged.departments, head("tenant.yaml")),
  );
  generated.set("roles.yaml", renderRoles(merged.roles, head("roles.yaml")));
  generated.set("apps.yaml", renderApps(merged.apps, head("apps.yaml")));
  if (merged.archive)
    generated.set(
      "archive.yaml",
      renderArchive(base.archiveText ?? "", merged.archive, head("archive.yaml")),
    );
  // Check-in rules, when they were read (the check-in secret is configured): adopted into the base's file.
  if (live.checkinRules) {
    const members = new Map(Object.entries(merged.roles).map(([k, r]) => [k, r.members ?? []]));
    const checkin = mergeCheckin(
      base.files.get("checkin.yaml")?.toString("utf8"),
      live.checkinRules,
      members,
    );
    merged.notes.push(...checkin.notes);
    generated.set("checkin.yaml", renderCheckin(checkin.doc, head("checkin.yaml")));
  }
  // The base's origin describes the HR source and stays as written (re-imports are idempotent); the
  // import itself is recorded in the header.
  const origin = base.rosterOrigin ?? `WeCom corp ${live.corpId}, by wecom-policy import / 由企业微信导入`;
  generated.set("people.yaml", renderPeople(base.rosterFile, origin, head("people.yaml")));
  generated.set(base.rosterFile, renderRoster(merged.roster));
  if (rules)
    generated.set("protection.yaml", renderYaml({ intercept_rules: rules.rules }, head("protection.yaml")));

  // protection.yaml names roles and intercept rules the live tenant may not have yet, so it (and its
  // evidence/ files) is not copied: the user copies it back once its roles exist (docs/decisions.md, issue 16).
  const notCopied = (name: string): boolean => name === "protection.yaml" || name.startsWith("evidence/");
  if (base.files.has("protection.yaml") && !rules)
    say(
      "note: protection.yaml and evidence/ of the base are not copied (they name roles that may not exist live); copy them back after adoption / " +
        "基础策略的 protection.yaml 与 evidence/ 未复制（其中的角色可能尚不存在），纳管后请复制回来",
    );
  say(`writing ${out} / 写入`);
  const written: string[] = [];
  for (const [name, data] of base.files)
    if (!generated.has(name) && !notCopied(name)) {
      await writeAtomic(path.join(out, name), data);
      written.push(name);
    }
  for (const [name, text] of generated) {
    await writeAtomic(path.join(out, name), text);
    written.push(name);
  }

  say("checking the files as pulumi preview will (schemas, references, legal gate) / 校验生成的文件");
  const result: ImportResult = {
    valid: false,
    outDir: out,
    files: written.sort(),
    merged,
    live,
    report: "",
    warnings: [],
    ms: { live: liveMs, total: 0 },
  };
  if (base.corpId !== undefined && base.corpId !== live.corpId)
    result.corpIdChanged = { base: base.corpId, live: live.corpId };
  const loaded = await loadPolicies(out);
  if (!loaded.ok) {
    result.report =
      `${loaded.problems.length} problem(s) in the generated files / 生成的文件有 ${loaded.problems.length} 处问题:\n` +
      formatProblems(loaded.problems, opts.lang);
  } else {
    const gate = previewGate(loaded.model, opts.now, { locate: (ref) => loaded.sources.locate(ref) });
    result.warnings = gate.warnings;
    if (gate.blocked) result.report = gate.report;
    else result.valid = true;
  }
  result.ms.total = Date.now() - t0;
  return result;
}
