/**
 * YAML parsing that keeps source positions. Positions are resolved lazily from the parsed document
 * (walking the path of a JSON pointer), so a 100k-item inline ledger costs no position table.
 */
import { isMap, isPair, isScalar, isSeq, LineCounter, parseDocument, type Document, type Node } from "yaml";
import { unescapePointer } from "../schema";
import { MAX_NESTING } from "./input-limits";

export interface Position {
  line: number;
  column: number;
}

export interface YamlIssue {
  /** yaml's error code, e.g. DUPLICATE_KEY, BAD_INDENT. */
  code: string;
  message: string;
  position: Position;
  /** The duplicated key and its JSON pointer, for DUPLICATE_KEY. */
  key?: string;
  pointer?: string;
}

export interface YamlSource {
  kind: "yaml";
  file: string;
  /** Plain JS data (undefined for an empty document). */
  data: unknown;
  issues: YamlIssue[];
  /** Position of the value at `pointer`, or of its nearest ancestor; keys for collections. */
  locate(pointer: string): { position: Position; pointer: string };
}

export function pointerSegments(pointer: string): string[] {
  if (pointer === "" || pointer === "/") return [];
  return pointer.split("/").slice(1).map(unescapePointer);
}

function firstLine(message: string): string {
  return message.split("\n")[0]!.trim();
}

/**
 * Offset of the first `[` or `{` that opens a flow collection deeper than `limit`, found by a lexical scan
 * (quotes and comments skipped) before parsing: the parser's own stack overflows on a few thousand levels,
 * at a position that depends on the stack left. A plain scalar with brackets (`see [1]`) counts too,
 * which only matters for more than `limit` unclosed brackets in a row.
 */
export function flowTooDeep(text: string, limit: number): number | undefined {
  let depth = 0;
  let quote: '"' | "'" | undefined;
  for (let i = 0; i < text.length; i++) {
    const ch = text[i];
    if (quote === '"') {
      if (ch === "\\") i++;
      else if (ch === '"') quote = undefined;
    } else if (quote === "'") {
      if (ch === "'") {
        if (text[i + 1] === "'") i++;
        else quote = undefined;
      }
    } else if (ch === "#" && (i === 0 || /\s/.test(text[i - 1]!))) {
      const nl = text.indexOf("\n", i);
      if (nl < 0) break;
      i = nl;
    } else if ((ch === '"' || ch === "'") && startsScalar(text, i)) {
      quote = ch;
    } else if (ch === "[" || ch === "{") {
      depth++;
      if (depth > limit) return i;
    } else if ((ch === "]" || ch === "}") && depth > 0) {
      depth--;
    }
  }
  return undefined;
}

/** A quote opens a quoted scalar only where a scalar can start (not inside `don't`). */
function startsScalar(text: string, i: number): boolean {
  let j = i - 1;
  while (j >= 0 && (text[j] === " " || text[j] === "\t")) j--;
  return j < 0 || "\n:-[{,?".includes(text[j]!);
}

export function parseYaml(file: string, text: string): YamlSource {
  const lineCounter = new LineCounter();
  const flowDeep = flowTooDeep(text, MAX_NESTING);
  if (flowDeep !== undefined) {
    const before = text.slice(0, flowDeep);
    const line = before.split("\n").length;
    const column = flowDeep - (before.lastIndexOf("\n") + 1) + 1;
    const position = { line, column };
    return {
      kind: "yaml",
      file,
      data: undefined,
      issues: [{ code: "TOO_DEEP", message: `nested more than ${MAX_NESTING} levels`, position }],
      locate: () => ({ position, pointer: "" }),
    };
  }
  // The core (YAML 1.2) schema keeps 2026-02-10 a string and `no` a string, as a policy author means them.
  const doc = parseDocument(text, { lineCounter, prettyErrors: false, uniqueKeys: true, schema: "core" });
  const pos = (offset: number): Position => {
    const p = lineCounter.linePos(offset);
    return { line: p.line, column: p.col };
  };
  const issues: YamlIssue[] = [];
  for (const err of [...doc.errors, ...doc.warnings]) {
    // The parser's own stack gave out: say what it means (issue 8: "Maximum call stack size exceeded").
    const overflow = err.code === "RESOURCE_EXHAUSTION" && /call stack/i.test(err.message);
    const issue: YamlIssue = {
      code: overflow ? "TOO_DEEP" : err.code,
      message: firstLine(err.message),
      position: pos(err.pos[0]),
    };
    if (err.code === "DUPLICATE_KEY") {
      const dup = duplicateKeyAt(doc, err.pos[0]);
      if (dup !== undefined) {
        issue.key = dup.key;
        issue.pointer = dup.pointer;
      }
    }
    issues.push(issue);
  }
  // A mapping or list used as a key (`? {a: 1}: x`) has no JSON form; yaml would stringify it with a
  // warning on stderr. Policy keys are plain text, so it is a syntax problem here.
  for (const offset of complexKeys(doc)) {
    issues.push({
      code: "NON_STRING_KEY",
      message: "Keys must be plain text, not a mapping or list",
      position: pos(offset),
    });
  }
  // Where the nesting passes the limit, found in what was parsed; it replaces the parser's own overflow,
  // whose position depends on the stack that happened to be left.
  const deep = tooDeep(doc.contents, MAX_NESTING);
  if (deep !== undefined) {
    const rest = issues.filter((i) => i.code !== "TOO_DEEP");
    issues.splice(0, issues.length, ...rest, {
      code: "TOO_DEEP",
      message: `nested more than ${MAX_NESTING} levels`,
      position: pos(deep),
    });
  }
  if (issues.some((i) => i.code === "NON_STRING_KEY" || i.code === "TOO_DEEP"))
    return { kind: "yaml", file, data: undefined, issues, locate: (p) => locateIn(doc, p, pos) };
  let data: unknown;
  try {
    // With errors the document may be partial; the loader still reports structure where it can.
    data = doc.toJS({ maxAliasCount: 1000 });
  } catch (err) {
    issues.push({
      code: "TO_JS",
      message: firstLine(String((err as Error).message)),
      position: { line: 1, column: 1 },
    });
    data = undefined;
  }
  return {
    kind: "yaml",
    file,
    data: data === null ? undefined : data,
    issues,
    locate: (pointer) => locateIn(doc, pointer, pos),
  };
}

/**
 * Offset of the first collection nested deeper than `limit`, found without recursion (the document may
 * be deep enough to overflow any recursive walk), or undefined.
 */
function tooDeep(root: unknown, limit: number): number | undefined {
  const stack: [unknown, number][] = [[root, 0]];
  while (stack.length > 0) {
    const [node, depth] = stack.pop()!;
    if (!isMap(node) && !isSeq(node)) continue;
    if (depth >= limit) return (node as Node).range?.[0] ?? 0;
    for (const item of node.items) {
      if (isPair(item)) stack.push([item.value, depth + 1]);
      else stack.push([item, depth + 1]);
    }
  }
  return undefined;
}

/** Where a node's text starts: its first scalar (a block map's own range can start at its first colon). */
function firstOffset(node: unknown): number {
  if (isMap(node)) {
    const first = node.items[0];
    if (first) return firstOffset(first.key ?? first.value);
  } else if (isSeq(node) && node.items[0] !== undefined) {
    return Math.min((node as Node).range?.[0] ?? Infinity, firstOffset(node.items[0]));
  }
  return (node as Node | null)?.range?.[0] ?? 0;
}

function complexKeys(doc: Document): number[] {
  const out: number[] = [];
  const visit = (node: unknown): void => {
    if (isMap(node)) {
      for (const item of node.items) {
        const key = item.key as Node | null;
        if (key !== null && !isScalar(key)) out.push(firstOffset(key));
        else visit(item.value);
      }
    } else if (isSeq(node)) {
      for (const item of node.items) visit(item);
    }
  };
  visit(doc.contents);
  return out;
}

/** The key text and pointer of the pair whose key starts at `offset` (yaml reports the second key). */
function duplicateKeyAt(doc: Document, offset: number): { key: string; pointer: string } | undefined {
  let found: { key: string; pointer: string } | undefined;
  const visit = (node: unknown, pointer: string): void => {
    if (found !== undefined) return;
    if (isMap(node)) {
      for (const item of node.items) {
        const key = item.key as Node | null;
        const text = isScalar(key) ? String(key.value) : "";
        const here = `${pointer}/${escapeSeg(text)}`;
        if (key && key.range && key.range[0] === offset) found = { key: text, pointer: here };
        visit(item.value, here);
      }
    } else if (isSeq(node)) {
      node.items.forEach((item, i) => visit(item, `${pointer}/${i}`));
    }
  };
  visit(doc.contents, "");
  return found;
}

function locateIn(
  doc: Document,
  pointer: string,
  pos: (offset: number) => Position,
): { position: Position; pointer: string } {
  const segments = pointerSegments(pointer);
  let node: unknown = doc.contents;
  let keyNode: Node | undefined;
  let resolved: string[] = [];
  let best: { offset: number; pointer: string } = {
    offset: (doc.contents as Node | null)?.range?.[0] ?? 0,
    pointer: "",
  };
  for (const seg of segments) {
    let next: unknown;
    let nextKey: Node | undefined;
    if (isMap(node)) {
      for (const item of node.items) {
        if (!isPair(item)) continue;
        const k = item.key as Node | null;
        const kText = isScalar(k) ? String(k.value) : undefined;
        if (kText === seg) {
          next = item.value;
          nextKey = k ?? undefined;
          break;
        }
      }
    } else if (isSeq(node) && /^\d+$/.test(seg)) {
      next = node.items[Number(seg)];
    }
    if (next === undefined && nextKey === undefined) break;
    resolved = [...resolved, seg];
    node = next;
    keyNode = nextKey;
    const valueRange = (next as Node | null)?.range;
    // Collections point at their key (a block map starts on the next line); scalars at the value.
    const useKey = keyNode?.range && (!valueRange || !isScalar(next));
    const offset = useKey ? keyNode!.range![0] : (valueRange?.[0] ?? keyNode?.range?.[0]);
    if (offset !== undefined) best = { offset, pointer: "/" + resolved.map(escapeSeg).join("/") };
  }
  return { position: pos(best.offset), pointer: best.pointer };
}

function escapeSeg(s: string): string {
  return s.replace(/~/g, "~0").replace(/\//g, "~1");
}
