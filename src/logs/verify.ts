/**
 * `logs verify`: re-check every link of the archive's hash chain and its head anchor, and name each
 * record that was edited, deleted, reordered or inserted — by line, sequence number and content — so an
 * auditor can see what changed. Pure over the files' text; no network.
 */
import * as fs from "node:fs";
import * as path from "node:path";
import { zh, type Bilingual } from "../text";
import {
  ARCHIVE_FILE,
  GENESIS,
  HEAD_FILE,
  parseLines,
  recordHash,
  type ArchiveLine,
  type ArchiveRecord,
  type Head,
} from "./archive";

export type TamperKind = "edited" | "deleted" | "reordered" | "inserted" | "unreadable" | "torn";

export interface TamperProblem {
  kind: TamperKind;
  /** 1-based line in archive.jsonl (for deleted records: the line where they are missing). */
  line: number;
  /** The record's sequence number(s) concerned. */
  seq: number[];
  message: Bilingual;
}

export interface VerifyResult {
  ok: boolean;
  records: number;
  head?: Head;
  problems: TamperProblem[];
}

function describe(r: ArchiveRecord | undefined, lang: "zh" | "en" = "en"): string {
  if (!r) return "";
  const e = r.entry;
  const t = (sec: number) => new Date(sec * 1000).toISOString();
  if (e.type === "admin" || e.type === "member") {
    const log = lang === "zh" ? (e.type === "admin" ? "管理端操作日志" : "成员操作记录") : `${e.type} log`;
    return ` (${log}, ${t(e.time)}, ${e.userId}: ${e.detailInfo})`;
  }
  if (e.type === "window")
    return lang === "zh"
      ? ` (时间窗 ${t(e.start)} – ${t(e.end)})`
      : ` (${e.log} window ${t(e.start)} – ${t(e.end)})`;
  if (e.type === "sync") return lang === "zh" ? ` (同步于 ${e.at})` : ` (sync at ${e.at})`;
  return lang === "zh" ? ` (企业 ${e.corpId} 的归档)` : ` (archive of ${e.corpId})`;
}

/** Verify the archive in `dir`. A missing archive is a problem too (nothing to verify). */
export function verifyArchive(dir: string): VerifyResult {
  const file = path.join(dir, ARCHIVE_FILE);
  if (!fs.existsSync(file)) {
    return {
      ok: false,
      records: 0,
      problems: [
        {
          kind: "unreadable",
          line: 0,
          seq: [],
          message: {
            en: `${file} does not exist: run \`wecom-policy logs sync\` first`,
            zh: zh`${file} 不存在：请先运行 \`wecom-policy logs sync\``,
          },
        },
      ],
    };
  }
  const { lines, torn } = parseLines(fs.readFileSync(file, "utf8"));
  let head: Head | undefined;
  try {
    head = JSON.parse(fs.readFileSync(path.join(dir, HEAD_FILE), "utf8")) as Head;
  } catch {
    head = undefined;
  }
  // A torn last line is reported once, as torn, not also as an unreadable record.
  const last = torn ? lines.pop() : undefined;
  const problems = verifyLines(lines, head);
  if (torn) {
    problems.push({
      kind: "torn",
      line: last?.line ?? 1,
      seq: last?.record ? [last.record.seq] : [],
      message: {
        en: `line ${last?.line ?? 1} is cut off (no line end): an interrupted write; the next \`wecom-policy logs sync\` drops it`,
        zh: zh`第 ${last?.line ?? 1} 行不完整（缺少换行）：写入被中断；下次 \`wecom-policy logs sync\` 会丢弃该行`,
      },
    });
  }
  const records = lines.filter((l) => l.record).length;
  return { ok: problems.length === 0, records, ...(head ? { head } : {}), problems };
}

/**
 * Every problem in the lines, given the head anchor. Sequence numbers say where each record belongs: a
 * number that is missing was deleted, one that appears twice was inserted (the copy that does not link),
 * one out of place was reordered, and a record whose hash does not match its content was edited.
 */
export function verifyLines(lines: readonly ArchiveLine[], head: Head | undefined): TamperProblem[] {
  const problems: TamperProblem[] = [];
  const records: { line: number; r: ArchiveRecord }[] = [];
  for (const l of lines) {
    if (l.record) records.push({ line: l.line, r: l.record });
    else
      problems.push({
        kind: "unreadable",
        line: l.line,
        seq: [],
        message: {
          en: `line ${l.line} is not an archive record: ${l.text.slice(0, 80)}`,
          zh: zh`第 ${l.line} 行不是归档记录：${l.text.slice(0, 80)}`,
        },
      });
  }

  // Edited: the content no longer matches the record's own hash.
  const selfOk = new Map<{ line: number; r: ArchiveRecord }, boolean>();
  for (const x of records) {
    const ok = x.r.hash === recordHash(x.r.seq, x.r.prev, x.r.entry);
    selfOk.set(x, ok);
    if (!ok)
      problems.push({
        kind: "edited",
        line: x.line,
        seq: [x.r.seq],
        message: {
          en: `line ${x.line}: record ${x.r.seq} was edited — its content does not match its hash${describe(x.r)}`,
          zh: zh`第 ${x.line} 行：记录 ${x.r.seq} 被修改——内容与其哈希不符${describe(x.r, "zh")}`,
        },
      });
  }

  // Where each sequence number appears.
  const bySeq = new Map<number, { line: number; r: ArchiveRecord }[]>();
  for (const x of records) bySeq.set(x.r.seq, [...(bySeq.get(x.r.seq) ?? []), x]);

  // Inserted: a second record with a number already taken — the one that does not link to its predecessor.
  const inserted = new Set<{ line: number; r: ArchiveRecord }>();
  const genuine = new Map<number, { line: number; r: ArchiveRecord }>();
  for (const [seq, xs] of [...bySeq].sort((a, b) => a[0] - b[0])) {
    const prevHash = seq === 1 ? GENESIS : genuine.get(seq - 1)?.r.hash;
    const linking = xs.filter((x) => selfOk.get(x) && (prevHash === undefined || x.r.prev === prevHash));
    // Of two that both link back, the genuine one is the one the next record links to.
    const next = new Set((bySeq.get(seq + 1) ?? []).map((y) => y.r.prev));
    const keep = linking.find((x) => next.has(x.r.hash)) ?? linking[0] ?? xs[0]!;
    genuine.set(seq, keep);
    for (const x of xs)
      if (x !== keep) {
        inserted.add(x);
        problems.push({
          kind: "inserted",
          line: x.line,
          seq: [x.r.seq],
          message: {
            en: `line ${x.line}: a record was inserted — it claims number ${x.r.seq}, which line ${keep.line} holds, and does not link into the chain${describe(x.r)}`,
            zh: zh`第 ${x.line} 行：插入了一条记录——其编号 ${x.r.seq} 已由第 ${keep.line} 行占用，且不在哈希链中${describe(x.r, "zh")}`,
          },
        });
      }
  }

  // Records past the head anchor: inserted at the end (or left by a sync interrupted before it re-anchored).
  const maxSeq = Math.max(0, ...genuine.keys());
  if (head && maxSeq > head.seq) {
    for (let s = head.seq + 1; s <= maxSeq; s++) {
      const x = genuine.get(s);
      if (!x) continue;
      inserted.add(x);
      problems.push({
        kind: "inserted",
        line: x.line,
        seq: [s],
        message: {
          en: `line ${x.line}: record ${s} is after the head recorded by the last sync (record ${head.seq}) — inserted, or left by an interrupted sync (run \`wecom-policy logs sync\`)${describe(x.r)}`,
          zh: zh`第 ${x.line} 行：记录 ${s} 位于上次同步记录的末尾（记录 ${head.seq}）之后——被插入，或为中断的同步所留（请运行 \`wecom-policy logs sync\`）${describe(x.r, "zh")}`,
        },
      });
    }
  }

  // Deleted: numbers missing from 1..the head's (or the last record's) number.
  const last = Math.max(maxSeq, head?.seq ?? 0);
  let missingFrom: number | undefined;
  const flushMissing = (to: number) => {
    if (missingFrom === undefined) return;
    const seqs = Array.from({ length: to - missingFrom + 1 }, (_, i) => missingFrom! + i);
    const after = genuine.get(missingFrom - 1);
    const line = after ? after.line + 1 : 1;
    const which = seqs.length === 1 ? `record ${seqs[0]}` : `records ${seqs[0]}–${seqs[seqs.length - 1]}`;
    const whichZh = seqs.length === 1 ? `记录 ${seqs[0]}` : `记录 ${seqs[0]}–${seqs[seqs.length - 1]}`;
    problems.push({
      kind: "deleted",
      line,
      seq: seqs,
      message: {
        en: `${which} deleted (expected at line ${line}${to > maxSeq ? ", at the end: the head says the archive ends at record " + (head?.seq ?? to) : ""})`,
        zh: zh`${whichZh} 被删除（应在第 ${line} 行${to > maxSeq ? `，位于末尾：上次同步记录的末尾为记录 ${head?.seq ?? to}` : ""}）`,
      },
    });
    missingFrom = undefined;
  };
  for (let s = 1; s <= last; s++) {
    if (genuine.has(s)) flushMissing(s - 1);
    else missingFrom ??= s;
  }
  flushMissing(last);

  // A head whose hash does not match its record: the chain's end was rewritten.
  if (head && genuine.get(head.seq) && genuine.get(head.seq)!.r.hash !== head.hash) {
    const x = genuine.get(head.seq)!;
    problems.push({
      kind: "edited",
      line: x.line,
      seq: [head.seq],
      message: {
        en: `line ${x.line}: record ${head.seq} is not the one the last sync wrote (head.json holds another hash) — the chain was rewritten${describe(x.r)}`,
        zh: zh`第 ${x.line} 行：记录 ${head.seq} 不是上次同步写入的记录（head.json 中的哈希不同）——哈希链被重写${describe(x.r, "zh")}`,
      },
    });
  }

  // Reordered: genuine records whose lines are not in number order.
  const order = [...genuine.values()].filter((x) => !inserted.has(x)).sort((a, b) => a.r.seq - b.r.seq);
  for (let i = 1; i < order.length; i++) {
    const a = order[i - 1]!;
    const b = order[i]!;
    if (b.line < a.line)
      problems.push({
        kind: "reordered",
        line: b.line,
        seq: [b.r.seq],
        message: {
          en: `line ${b.line}: record ${b.r.seq} was moved — it belongs after record ${a.r.seq} (line ${a.line})${describe(b.r)}`,
          zh: zh`第 ${b.line} 行：记录 ${b.r.seq} 被移动——它应在记录 ${a.r.seq}（第 ${a.line} 行）之后${describe(b.r, "zh")}`,
        },
      });
  }

  // A link broken without any of the above: a record edited and re-hashed (its successor no longer links).
  for (let i = 1; i < order.length; i++) {
    const a = order[i - 1]!;
    const b = order[i]!;
    if (b.r.seq === a.r.seq + 1 && selfOk.get(a) && selfOk.get(b) && b.r.prev !== a.r.hash)
      problems.push({
        kind: "edited",
        line: a.line,
        seq: [a.r.seq],
        message: {
          en: `line ${a.line}: record ${a.r.seq} was edited and re-hashed — record ${b.r.seq} (line ${b.line}) no longer links to it${describe(a.r)}`,
          zh: zh`第 ${a.line} 行：记录 ${a.r.seq} 被修改并重算了哈希——记录 ${b.r.seq}（第 ${b.line} 行）不再链接到它${describe(a.r, "zh")}`,
        },
      });
  }
  if (order[0] && order[0].r.seq === 1 && selfOk.get(order[0]) && order[0].r.prev !== GENESIS)
    problems.push({
      kind: "edited",
      line: order[0].line,
      seq: [1],
      message: {
        en: `line ${order[0].line}: record 1 does not start the chain`,
        zh: zh`第 ${order[0].line} 行：记录 1 不是哈希链的起点`,
      },
    });

  return problems.sort((a, b) => a.line - b.line || a.kind.localeCompare(b.kind));
}
