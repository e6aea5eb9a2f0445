/**
 * The XML of WeCom's change callbacks (wecom-api.md §8 and §13): the encrypted envelope WeCom POSTs, and the
 * events inside it, mapped to one typed model in one place — `watch` parses with it, the sandbox builds
 * with it. Sources: path/90970 (成员变更 change_contact create_user/update_user/delete_user), the party
 * events (create_party/update_party/delete_party: Id, Name, ParentId, Order), path/96304 (标签成员变更
 * update_tag: TagId, AddUserItems, DelUserItems, AddPartyItems, DelPartyItems — comma lists), path/92005
 * and SDK models for change_external_contact, path/96298 batch_job_result.
 *
 * Parsing uses fast-xml-parser with every value kept as text; a document with a DOCTYPE (entity tricks) is
 * refused before parsing.
 */
import { XMLParser, XMLValidator } from "fast-xml-parser";

/** The body WeCom POSTs: `<xml><ToUserName>corp id</ToUserName><AgentID>…</AgentID><Encrypt>…</Encrypt></xml>`. */
export interface CallbackEnvelope {
  toUserName: string;
  agentId?: string;
  encrypt: string;
}

export const CONTACT_USER_CHANGES = ["create_user", "update_user", "delete_user"] as const;
export const CONTACT_PARTY_CHANGES = ["create_party", "update_party", "delete_party"] as const;
export type ContactUserChange = (typeof CONTACT_USER_CHANGES)[number];
export type ContactPartyChange = (typeof CONTACT_PARTY_CHANGES)[number];

interface EventBase {
  /** The corp id WeCom addressed (ToUserName). */
  corpId: string;
  /** `sys` for contact events. */
  from: string;
  /** Unix seconds. */
  createTime: number;
  /** The `Event` field as sent. */
  event: string;
  /** The `ChangeType` field as sent, when there is one. */
  changeType?: string;
}

export type CallbackEvent =
  | (EventBase & {
      kind: "user";
      change: ContactUserChange;
      userId: string;
      /** update_user when the userid itself changed. */
      newUserId?: string;
      /** Department ids, when sent ("1,2,3"). */
      departments?: number[];
    })
  | (EventBase & { kind: "party"; change: ContactPartyChange; partyId: number })
  | (EventBase & {
      kind: "tag";
      tagId: number;
      addUsers: string[];
      delUsers: string[];
      addParties: number[];
      delParties: number[];
    })
  | (EventBase & { kind: "external-contact"; userId?: string; externalUserId?: string })
  | (EventBase & { kind: "other" });

/** A body or message that is not the XML WeCom sends; `reason` says which part, never a secret. */
export class CallbackXmlError extends Error {
  override readonly name = "CallbackXmlError";
}

const parser = new XMLParser({
  parseTagValue: false,
  parseAttributeValue: false,
  ignoreAttributes: true,
  trimValues: true,
  processEntities: true,
});

function parseXml(text: string): Record<string, unknown> {
  if (/<!DOCTYPE|<!ENTITY/i.test(text)) throw new CallbackXmlError("a DOCTYPE or ENTITY declaration");
  const valid = XMLValidator.validate(text);
  if (valid !== true)
    throw new CallbackXmlError(`not well-formed XML (line ${valid.err.line}: ${valid.err.msg})`);
  const doc = parser.parse(text) as Record<string, unknown>;
  const root = doc["xml"];
  if (root === null || typeof root !== "object" || Array.isArray(root))
    throw new CallbackXmlError("no <xml> root element");
  return root as Record<string, unknown>;
}

function text(root: Record<string, unknown>, key: string): string | undefined {
  const v = root[key];
  if (v === undefined || v === null) return undefined;
  if (typeof v === "string") return v;
  if (typeof v === "number" || typeof v === "boolean") return String(v);
  throw new CallbackXmlError(`<${key}> is not a text element`);
}

function need(root: Record<string, unknown>, key: string): string {
  const v = text(root, key);
  if (v === undefined || v === "") throw new CallbackXmlError(`<${key}> is missing`);
  return v;
}

export function parseEnvelope(body: string): CallbackEnvelope {
  const root = parseXml(body);
  const env: CallbackEnvelope = { toUserName: need(root, "ToUserName"), encrypt: need(root, "Encrypt") };
  const agent = text(root, "AgentID");
  if (agent) env.agentId = agent;
  return env;
}

const list = (v: string | undefined): string[] =>
  (v ?? "")
    .split(",")
    .map((s) => s.trim())
    .filter((s) => s.length > 0);

function ints(v: string | undefined, key: string): number[] {
  return list(v).map((s) => {
    if (!/^\d+$/.test(s)) throw new CallbackXmlError(`<${key}> holds "${s}", not an id`);
    return Number(s);
  });
}

function int(root: Record<string, unknown>, key: string): number {
  const v = need(root, key);
  if (!/^\d+$/.test(v)) throw new CallbackXmlError(`<${key}> is "${v}", not a number`);
  return Number(v);
}

/** The decrypted event. Unknown events and change types parse as `other` (logged and acknowledged, never fatal). */
export function parseEvent(message: string): CallbackEvent {
  const root = parseXml(message);
  const base: EventBase = {
    corpId: need(root, "ToUserName"),
    from: text(root, "FromUserName") ?? "",
    createTime: int(root, "CreateTime"),
    event: text(root, "Event") ?? text(root, "MsgType") ?? "",
  };
  const changeType = text(root, "ChangeType");
  if (changeType !== undefined) base.changeType = changeType;
  if (base.event === "change_contact") {
    if ((CONTACT_USER_CHANGES as readonly string[]).includes(changeType ?? "")) {
      const ev: CallbackEvent = {
        ...base,
        kind: "user",
        change: changeType as ContactUserChange,
        userId: need(root, "UserID"),
      };
      const newId = text(root, "NewUserID");
      if (newId) ev.newUserId = newId;
      const dept = text(root, "Department");
      if (dept !== undefined) ev.departments = ints(dept, "Department");
      return ev;
    }
    if ((CONTACT_PARTY_CHANGES as readonly string[]).includes(changeType ?? ""))
      return { ...base, kind: "party", change: changeType as ContactPartyChange, partyId: int(root, "Id") };
    if (changeType === "update_tag")
      return {
        ...base,
        kind: "tag",
        tagId: int(root, "TagId"),
        addUsers: list(text(root, "AddUserItems")),
        delUsers: list(text(root, "DelUserItems")),
        addParties: ints(text(root, "AddPartyItems"), "AddPartyItems"),
        delParties: ints(text(root, "DelPartyItems"), "DelPartyItems"),
      };
  }
  if (base.event === "change_external_contact") {
    const ev: CallbackEvent = { ...base, kind: "external-contact" };
    const u = text(root, "UserID");
    const x = text(root, "ExternalUserID");
    if (u) ev.userId = u;
    if (x) ev.externalUserId = x;
    return ev;
  }
  return { ...base, kind: "other" };
}

function cdata(v: string): string {
  return `<![CDATA[${v.replace(/]]>/g, "]]]]><![CDATA[>")}]]>`;
}

/**
 * WeCom's XML for an event or envelope: string values as CDATA, numbers bare, in the given order (the
 * sandbox sends callbacks with it; tests build bodies with it).
 */
export function callbackXml(fields: Record<string, string | number | undefined>): string {
  const parts = Object.entries(fields)
    .filter((e): e is [string, string | number] => e[1] !== undefined)
    .map(([k, v]) => `<${k}>${typeof v === "number" ? String(v) : cdata(v)}</${k}>`);
  return `<xml>${parts.join("")}</xml>`;
}
