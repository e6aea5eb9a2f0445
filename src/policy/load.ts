/**
 * loadPolicies: read every policy file, validate it against its schema, resolve references across
 * files and build the normalised model — collecting every problem instead of stopping at the first.
 *
 * Stages: read + parse (YAML with positions, CSV with lines) → schema (one ajv instance) → declare
 * (each valid file publishes its ids) → normalise (each valid file becomes its model part, checking
 * its references against the declared ids). A file that is missing or invalid publishes no ids, and
 * references into it are not checked, so the user sees the root cause rather than a cascade.
 */
import { createHash } from "node:crypto";
import { promises as fs } from "node:fs";
import * as path from "node:path";
import type { AppsFile } from "../generated/apps";
import type { ArchiveFile } from "../generated/archive";
import type { CheckinFile } from "../generated/checkin";
import type { ConsentFile } from "../generated/consent";
import type { CrossborderFile } from "../generated/crossborder";
import type { PeopleFile } from "../generated/people";
import type { ProtectionFile } from "../generated/protection";
import type { RecordsFile } from "../generated/records";
import type { RetentionFile } from "../generated/retention";
import type { RolesFile } from "../generated/roles";
import type { TenantFile } from "../generated/tenant";
import type { WaiversFile } from "../generated/waivers";
import { CONTROL_IDS } from "../rules/catalogue";
import { readSchema, validateAgainst } from "../schema";
import { LoadContext, type Source } from "./context";
import { diskFiles, type PolicyFileSource } from "./file-source";
import { parseCsv, type CsvSource } from "./csv-source";
import { didYouMean } from "./did-you-mean";
import {
  MAX_NESTING,
  controlCharacters,
  csvControlCharacters,
  maxFileBytes,
  visible,
  type ControlCharacter,
} from "./input-limits";
import { APPS_FILE, declareApps, normaliseApps } from "./files/apps";
import { ARCHIVE_FILE, normaliseArchive } from "./files/archive";
import { CHECKIN_FILE, NO_CHECKIN, normaliseCheckin } from "./files/checkin";
import { CONSENT_FILE, declareConsent, normaliseLedger, normalisePurposes } from "./files/consent";
import { CROSSBORDER_FILE, declareCrossBorder, normaliseCrossBorder } from "./files/crossborder";
import { declarePeople, normalisePeople, PEOPLE_FILE } from "./files/people";
import {
  evidenceFiles,
  NO_PROTECTION,
  normaliseProtection,
  PROTECTION_FILE,
  type EvidenceHashes,
} from "./files/protection";
import { declareRecords, normaliseRecords, RECORDS_FILE } from "./files/records";
import { normaliseRetention, RETENTION_FILE } from "./files/retention";
import { declareRoles, normaliseRoles, ROLES_FILE } from "./files/roles";
import { declareTenant, normaliseTenant, TENANT_FILE } from "./files/tenant";
import { normaliseWaivers, WAIVERS_FILE } from "./files/waivers";
import { msg } from "./messages";
import type { PolicyModel, PolicySources, SourceLocation } from "./model";
import type { Problem } from "./problems";
import { compareProblems } from "./problems";
import { pruneEntries, schemaIssues } from "./schema-problems";
import { parseYaml } from "./yaml-source";

/** Every policy file, its schema, in the order DESIGN §5 lists them. */
export const POLICY_FILES = [
  { file: TENANT_FILE, schema: "tenant", maps: [] },
  { file: ROLES_FILE, schema: "roles", maps: ["/roles"] },
  { file: APPS_FILE, schema: "apps", maps: ["/apps"] },
  { file: ARCHIVE_FILE, schema: "archive", maps: [] },
  { file: CONSENT_FILE, schema: "consent", maps: ["/purposes", "/ledger"] },
  { file: RETENTION_FILE, schema: "retention", maps: [] },
  { file: PEOPLE_FILE, schema: "people", maps: [] },
  { file: CROSSBORDER_FILE, schema: "crossborder", maps: ["/recipients"] },
  { file: RECORDS_FILE, schema: "records", maps: ["/pias", "/consultations", "/trainings"] },
  { file: WAIVERS_FILE, schema: "waivers", maps: ["/waivers"] },
  // Optional: a company that declares no protections yet still loads; WC.SEC.* then say so.
  {
    file: PROTECTION_FILE,
    schema: "protection",
    maps: ["/intercept_rules", "/sensitive_roles", "/attestations"],
  },
  // Optional too: a company that declares no check-in rule still loads; WC.CHK.* then say so.
  { file: CHECKIN_FILE, schema: "checkin", maps: ["/rules"] },
] as const;

/** Policy files that may be absent. */
const OPTIONAL_FILES: ReadonlySet<string> = new Set([PROTECTION_FILE, CHECKIN_FILE]);

export type LoadResult =
  { ok: true; model: PolicyModel; sources: PolicySources } | { ok: false; problems: Problem[] };

interface Valid {
  tenant?: TenantFile;
  roles?: RolesFile;
  apps?: AppsFile;
  archive?: ArchiveFile;
  consent?: ConsentFile;
  retention?: RetentionFile;
  people?: PeopleFile;
  crossborder?: CrossborderFile;
  records?: RecordsFile;
  waivers?: WaiversFile;
  protection?: ProtectionFile;
  checkin?: CheckinFile;
}

export interface LoadOptions {
  /** Where the files are read from; default the disk under `dir` (a git commit's files: src/history). */
  readonly files?: PolicyFileSource;
}

/**
 * Load and check the policies in `dir`. Never throws for bad input: every problem comes back in
 * `problems`, each with file:line:column, a JSON pointer, a bilingual message and, when it can be
 * guessed, a fix.
 */
export async function loadPolicies(dir: string, opts: LoadOptions = {}): Promise<LoadResult> {
  const ctx = new LoadContext(path.resolve(dir));
  let model: PolicyModel | undefined;
  try {
    model = await load(ctx, opts.files ?? diskFiles(ctx.dir));
  } catch (err) {
    // A bug, not bad input; still reported as a problem so the CLI prints it instead of a stack trace.
    ctx.report("", "", {
      code: "internal.error",
      message: {
        zh: `内部错误：${(err as Error).message}`,
        en: `internal error: ${(err as Error).message}`,
      },
    });
  }
  if (ctx.problems.length > 0 || model === undefined)
    return { ok: false, problems: ctx.problems.sort(compareProblems) };
  return { ok: true, model, sources: sourcesOf(ctx) };
}

/**
 * The file's text; undefined when it does not exist; null when it was refused (a problem is reported):
 * unreadable, or larger than the cap — checked before reading, so a huge file costs no memory.
 */
async function readText(
  ctx: LoadContext,
  files: PolicyFileSource,
  file: string,
): Promise<string | undefined | null> {
  try {
    const size = await files.size(file);
    if (size === undefined) return undefined;
    const limit = maxFileBytes();
    if (size > limit) {
      ctx.report(file, "", msg.fileTooLarge(file, size, limit), { line: 1, column: 1 });
      return null;
    }
    return await files.read(file);
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    if (code === "ENOENT") return undefined;
    ctx.report(file, "", msg.fileUnreadable(file, code ?? String(err)));
    return null;
  }
}

/** Reports each control character; true when there was one (the file is then not used further). */
function refuseControls(ctx: LoadContext, file: string, found: readonly ControlCharacter[]): boolean {
  // The pointer is shown escaped (it may hold the character itself); the position comes from the real one.
  for (const c of found)
    ctx.report(file, visible(c.pointer, 200), msg.controlCharacter(c), ctx.position(file, c.pointer));
  return found.length > 0;
}

async function load(ctx: LoadContext, files: PolicyFileSource): Promise<PolicyModel | undefined> {
  let listing: string[];
  try {
    listing = await files.list();
  } catch (err) {
    const code = (err as NodeJS.ErrnoException).code;
    const name = path.basename(ctx.dir);
    ctx.report(
      name,
      "",
      code === "ENOENT" || code === "ENOTDIR"
        ? msg.dirMissing(ctx.dir)
        : msg.fileUnreadable(name, code ?? String(err)),
    );
    return undefined;
  }
  const expected = POLICY_FILES.map((p) => p.file as string);
  for (const name of listing.sort()) {
    if (/\.ya?ml$/i.test(name) && !expected.includes(name)) {
      ctx.report(name, "", msg.fileUnknown(name, didYouMean(name, expected)));
    }
  }

  // Read, parse and validate every YAML file; keep the data of those that are valid.
  const valid: Record<string, unknown> = {};
  // Keys of entries dropped for schema problems: still declared, so references to them do not cascade.
  const prunedKeys = new Map<string, Set<string>>();
  let ledgerIndices: number[] | undefined;
  for (const { file, schema, maps } of POLICY_FILES) {
    const text = await readText(ctx, files, file);
    if (text === null) continue;
    if (text === undefined) {
      if (!listing.includes(file) && !OPTIONAL_FILES.has(file)) ctx.report(file, "", msg.fileMissing(file));
      continue;
    }
    const source = parseYaml(file, text);
    ctx.sources.set(file, source);
    let broken = false;
    for (const issue of source.issues) {
      if (issue.code === "DUPLICATE_KEY")
        ctx.report(file, issue.pointer ?? "", msg.duplicateKey(issue.key), issue.position);
      else if (issue.code === "TOO_DEEP") {
        ctx.report(file, "", msg.tooDeep(MAX_NESTING), issue.position);
        broken = true;
      } else {
        ctx.report(file, "", msg.yamlSyntax(issue.code, issue.message), issue.position);
        broken = true;
      }
    }
    if (broken) continue;
    if (source.data === undefined) {
      ctx.report(file, "", msg.fileEmpty(file));
      continue;
    }
    // Checked before the schema, whose messages would quote the character itself.
    if (refuseControls(ctx, file, controlCharacters(source.data))) continue;
    const issues = schemaIssues(ctx, file, schema, source.data);
    if (issues.length === 0) {
      valid[schema] = source.data;
      continue;
    }
    // Invalid entries of keyed mappings are dropped so the rest of the file is still cross-checked.
    const pruned = pruneEntries(source.data, issues, maps);
    if (pruned && validateAgainst(schema, pruned.data).length === 0) {
      valid[schema] = pruned.data;
      for (const [mapPath, keys] of pruned.pruned) prunedKeys.set(`${schema}${mapPath}`, keys);
      if (schema === "consent") ledgerIndices = pruned.kept.get("/ledger");
    }
  }
  const v = valid as Valid;

  // CSV tables named by people.yaml and consent.yaml.
  const roster = v.people ? await readCsv(ctx, files, PEOPLE_FILE, "/roster", v.people.roster) : undefined;
  let ledgerCsv: CsvSource | undefined;
  if (v.consent) {
    const { ledger, ledger_file } = v.consent;
    if ((ledger === undefined) === (ledger_file === undefined)) {
      ctx.report(
        CONSENT_FILE,
        ledger === undefined ? "" : "/ledger_file",
        msg.ledgerSource(ledger !== undefined),
      );
    } else if (ledger_file !== undefined) {
      ledgerCsv = await readCsv(ctx, files, CONSENT_FILE, "/ledger_file", ledger_file);
    }
  }

  // Declare: ids each valid file offers to the others. Waivers may name only catalogued controls.
  ctx.known.controls = new Set<string>(CONTROL_IDS);
  if (v.tenant) declareTenant(ctx, v.tenant);
  const persons = roster ? declarePeople(ctx, roster) : undefined;
  if (v.records) declareRecords(ctx, v.records);
  if (v.consent) declareConsent(ctx, v.consent);
  if (v.apps) declareApps(ctx, v.apps);
  if (v.roles) declareRoles(ctx, v.roles);
  if (v.crossborder) declareCrossBorder(ctx, v.crossborder);
  declarePruned(ctx, prunedKeys);

  // Normalise: every part is built (and its references checked) even when another part failed.
  const tenant = v.tenant && normaliseTenant(ctx, v.tenant);
  const people = v.people && roster && persons && normalisePeople(ctx, v.people, roster, persons);
  const records = v.records && normaliseRecords(ctx, v.records);
  const consentPurposes = v.consent && normalisePurposes(v.consent);
  const consentLedger =
    v.consent &&
    (v.consent.ledger !== undefined && v.consent.ledger_file === undefined
      ? normaliseLedger(ctx, { file: CONSENT_FILE, inline: v.consent.ledger, indices: ledgerIndices })
      : ledgerCsv && normaliseLedger(ctx, { file: ledgerCsv.file, csv: ledgerCsv }));
  const apps = v.apps && normaliseApps(ctx, v.apps);
  const roles = v.roles && normaliseRoles(ctx, v.roles);
  const archive = v.archive && normaliseArchive(ctx, v.archive);
  const retention = v.retention && normaliseRetention(v.retention);
  const crossBorder = v.crossborder && normaliseCrossBorder(ctx, v.crossborder);
  const waivers = v.waivers && normaliseWaivers(ctx, v.waivers);
  // protection.yaml is optional: absent → NO_PROTECTION; present but invalid → no model.
  const protectionListed = listing.includes(PROTECTION_FILE);
  const protection = !protectionListed
    ? NO_PROTECTION
    : v.protection &&
      normaliseProtection(
        ctx,
        v.protection,
        roles ?? [],
        await hashEvidence(ctx, evidenceFiles(v.protection), files),
      );
  // checkin.yaml is optional in the same way.
  const checkin = !listing.includes(CHECKIN_FILE)
    ? NO_CHECKIN
    : v.checkin && normaliseCheckin(ctx, v.checkin, roles ?? []);

  if (
    !tenant ||
    !people ||
    !records ||
    !consentPurposes ||
    !consentLedger ||
    !apps ||
    !roles ||
    !archive ||
    !retention ||
    !crossBorder ||
    !waivers ||
    !protection ||
    !checkin
  )
    return undefined;
  return {
    tenant,
    roles,
    apps,
    archive,
    consentPurposes,
    consentLedger,
    retention,
    people,
    crossBorder,
    records,
    waivers,
    protection,
    checkin,
    itemSources: ctx.itemSources,
  };
}

/** SHA-256 of each evidence file (relative to the policies directory), or why it could not be read. */
async function hashEvidence(
  ctx: LoadContext,
  files: readonly string[],
  source: PolicyFileSource,
): Promise<EvidenceHashes> {
  const out = new Map<string, { sha256: string } | { missing: string }>();
  for (const file of files) {
    try {
      const bytes = source.bytes
        ? await source.bytes(path.posix.normalize(file))
        : await fs.readFile(path.join(ctx.dir, path.posix.normalize(file)));
      out.set(file, { sha256: createHash("sha256").update(bytes).digest("hex") });
      ctx.attached.add(path.posix.normalize(file));
    } catch (err) {
      out.set(file, { missing: (err as NodeJS.ErrnoException).code ?? String(err) });
    }
  }
  return out;
}

function declarePruned(ctx: LoadContext, pruned: Map<string, Set<string>>): void {
  const add = <T>(
    set: ReadonlySet<T> | undefined,
    keys: Set<string> | undefined,
  ): ReadonlySet<T> | undefined =>
    set && keys ? new Set<T>([...set, ...(keys as Set<unknown> as Set<T>)]) : set;
  const k = ctx.known;
  k.roles = add(k.roles, pruned.get("roles/roles"));
  k.purposes = add(k.purposes, pruned.get("consent/purposes"));
  k.pias = add(k.pias, pruned.get("records/pias"));
  k.consultations = add(k.consultations, pruned.get("records/consultations"));
  k.recipients = add(k.recipients, pruned.get("crossborder/recipients"));
  const apps = pruned.get("apps/apps");
  // An app dropped for a schema problem has no trustworthy agentid; NaN keeps its key known.
  if (k.apps && apps)
    k.apps = new Map([...k.apps, ...[...apps].map((a): [string, number] => [a, Number.NaN])]);
}

async function readCsv(
  ctx: LoadContext,
  files: PolicyFileSource,
  fromFile: string,
  pointer: string,
  relative: string,
): Promise<CsvSource | undefined> {
  const file = path.posix.normalize(relative.replace(/\\/g, "/"));
  const text = await readText(ctx, files, file);
  if (text === null) return undefined;
  if (text === undefined) {
    ctx.report(fromFile, pointer, msg.fileMissing(file));
    return undefined;
  }
  const csv = parseCsv(file, text);
  ctx.sources.set(file, csv as Source);
  for (const issue of csv.issues) ctx.report(file, "", msg.csvSyntax(issue.message), issue.position);
  const header = controlCharacters(csv.header).map((c) => ({ ...c, pointer: `/header${c.pointer}` }));
  if (refuseControls(ctx, file, [...header, ...csvControlCharacters(csv.rows)])) return undefined;
  return csv;
}

/** Top-level field → file, for locating bare pointers such as `/roles/x`. */
let topLevelFiles: Map<string, string> | undefined;
function fileForPointer(pointer: string): string | undefined {
  if (!topLevelFiles) {
    topLevelFiles = new Map();
    for (const { file, schema } of POLICY_FILES) {
      const props = (readSchema(schema) as { properties?: Record<string, unknown> }).properties ?? {};
      for (const key of Object.keys(props)) if (!topLevelFiles.has(key)) topLevelFiles.set(key, file);
    }
  }
  const first = pointer.split("/")[1];
  return first === undefined ? undefined : topLevelFiles.get(first);
}

function sourcesOf(ctx: LoadContext): PolicySources {
  return {
    dir: ctx.dir,
    files: [...new Set([...ctx.sources.keys(), ...ctx.attached])].sort(),
    locate(pointerOrRef: string): SourceLocation {
      if (pointerOrRef.includes("#")) return ctx.locate(pointerOrRef);
      if (pointerOrRef.startsWith("/")) {
        const file = fileForPointer(pointerOrRef);
        if (file) return ctx.locate(`${file}#${pointerOrRef}`);
      }
      return ctx.locate(pointerOrRef);
    },
  };
}
