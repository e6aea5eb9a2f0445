/**
 * Tags (roles): path/90210–90216. Only the principal that created a tag may change it (wecom-api.md §2.3);
 * members and departments outside an app's visible range count as invalid.
 */
import { TAG_PARTIES_BATCH, TAG_USERS_BATCH } from "../../wecom/wire";
import { WeComError } from "../errors";
import type { StoredTag } from "../state";
import { principalKey } from "../tenant";
import {
  type Call,
  type Handler,
  ERRCODE,
  EncodedFields,
  optInt,
  optIntList,
  optStrList,
  reqInt,
} from "./call";

const MAX_TAGS = 3000;

function tagname(v: unknown): string {
  // GUESS: a missing, empty or over-32-character tagname is answered with 40058 (invalid parameter);
  // the doc names the limit but not the code.
  if (typeof v !== "string" || v.trim() === "" || [...v].length > 32) {
    throw new WeComError(ERRCODE.invalidParameter58, "tagname");
  }
  return v;
}

/** The tag, and proof that the caller created it. */
function ownedTag(call: Call, tagidRaw: unknown): StoredTag {
  const tagid = reqInt(tagidRaw, ERRCODE.invalidTagId);
  const tag = call.tenant.tag(tagid);
  if (!tag) throw new WeComError(ERRCODE.invalidTagId);
  // GUESS: a principal that did not create the tag gets 60011 (wecom-api.md §10: "likely 60011 or 40068").
  if (tag.owner !== principalKey(call.principal))
    throw new WeComError(ERRCODE.noPrivilege, "not the tag's creator");
  return tag;
}

const create: Handler = (call) => {
  const { tenant, body } = call;
  const name = tagname(body["tagname"]);
  const wanted = optInt(body["tagid"], ERRCODE.invalidTagId);
  const tags = tenant.state.tags;
  if (wanted !== undefined && (wanted < 0 || tenant.tag(wanted))) {
    // GUESS: an id already in use is "invalid tagid" (40068), like a negative one.
    throw new WeComError(ERRCODE.invalidTagId);
  }
  if (tags.some((t) => t.tagname === name)) throw new WeComError(ERRCODE.tagNameExists);
  // GUESS: the 3 000-tag cap answers 45024 (account/count limit reached).
  if (tags.length >= MAX_TAGS) throw new WeComError(ERRCODE.accountLimit);
  const tagid = wanted ?? tags.reduce((m, t) => Math.max(m, t.tagid), 0) + 1;
  tags.push({ tagid, tagname: name, owner: principalKey(call.principal), userlist: [], partylist: [] });
  tenant.touch();
  return { tagid };
};

const update: Handler = (call) => {
  const tag = ownedTag(call, call.body["tagid"]);
  const name = tagname(call.body["tagname"]);
  if (call.tenant.state.tags.some((t) => t.tagname === name && t !== tag))
    throw new WeComError(ERRCODE.tagNameExists);
  tag.tagname = name;
  call.tenant.touch();
  return {};
};

const remove: Handler = (call) => {
  const tag = ownedTag(call, call.query.get("tagid"));
  const tags = call.tenant.state.tags;
  tags.splice(tags.indexOf(tag), 1);
  for (const a of call.tenant.state.agents) a.allow_tags = a.allow_tags.filter((t) => t !== tag.tagid);
  call.tenant.touch();
  return {};
};

const get: Handler = (call) => {
  const { tenant, principal } = call;
  const tagid = reqInt(call.query.get("tagid"), ERRCODE.invalidTagId);
  const tag = tenant.tag(tagid);
  if (!tag) throw new WeComError(ERRCODE.invalidTagId);
  // The answer depends on the tag, member names and the caller's range: kept until any change (issue 12).
  return tenant.memo(`tag/get ${tagid} ${principalKey(principal)}`, "any", () =>
    EncodedFields.of(tagAnswer(call, tag)),
  );
};

function tagAnswer(call: Call, tag: StoredTag): Record<string, unknown> {
  const { tenant, principal } = call;
  const userlist: { userid: string; name: string }[] = [];
  for (const id of tag.userlist) {
    const u = tenant.user(id);
    if (u && tenant.canSeeUser(principal, u.userid)) userlist.push({ userid: u.userid, name: u.name });
  }
  // GUESS: an app also sees only the departments of its range in partylist (the doc says members).
  return {
    tagname: tag.tagname,
    userlist,
    partylist: tag.partylist.filter((d) => tenant.canSeeDepartment(principal, d)),
  };
}

const list: Handler = (call) => ({
  taglist: [...call.tenant.state.tags]
    .sort((a, b) => a.tagid - b.tagid)
    .map((t) => ({ tagid: t.tagid, tagname: t.tagname })),
});

/** Splits the requested members into valid (canonical userids / ids) and invalid, per the caller's range. */
function sortMembers(call: Call) {
  const { tenant, principal, body } = call;
  const users = optStrList(body["userlist"], ERRCODE.invalidUserList) ?? [];
  const parties = optIntList(body["partylist"], ERRCODE.invalidDepartmentList) ?? [];
  // GUESS: neither list given → 40031; over-long lists → 40032 (users) and 40066 (parties).
  if (users.length === 0 && parties.length === 0) throw new WeComError(ERRCODE.invalidUserList);
  if (users.length > TAG_USERS_BATCH) throw new WeComError(ERRCODE.invalidUserListLength);
  if (parties.length > TAG_PARTIES_BATCH) throw new WeComError(ERRCODE.invalidDepartmentList);
  const validUsers: string[] = [];
  const invalidUsers: string[] = [];
  for (const id of users) {
    const u = tenant.user(id);
    if (u && tenant.canSeeUser(principal, u.userid)) validUsers.push(u.userid);
    else invalidUsers.push(id);
  }
  const validParties: number[] = [];
  const invalidParties: number[] = [];
  for (const d of parties) {
    if (tenant.department(d) && tenant.canSeeDepartment(principal, d)) validParties.push(d);
    else invalidParties.push(d);
  }
  return { validUsers, invalidUsers, validParties, invalidParties };
}

// GUESS: only the non-empty one of invalidlist / invalidparty is present in a partial-success body.
/** Partial success: errcode 0 plus `invalidlist` ("a|b") and/or `invalidparty` (path/90214). */
function partial(invalidUsers: string[], invalidParties: number[]): Record<string, unknown> {
  const out: Record<string, unknown> = {};
  if (invalidUsers.length > 0) out["invalidlist"] = invalidUsers.join("|");
  if (invalidParties.length > 0) out["invalidparty"] = invalidParties;
  return out;
}

const addUsers: Handler = (call) => {
  const tag = ownedTag(call, call.body["tagid"]);
  const s = sortMembers(call);
  if (s.validUsers.length === 0 && s.validParties.length === 0)
    throw new WeComError(ERRCODE.allTagMembersInvalid);
  addToTag(tag, s.validUsers, s.validParties);
  call.tenant.touch();
  return partial(s.invalidUsers, s.invalidParties);
};

const delUsers: Handler = (call) => {
  const tag = ownedTag(call, call.body["tagid"]);
  const s = sortMembers(call);
  // path/90215 (doc copy): all invalid on deltagusers is 40031 "all list invalid".
  if (s.validUsers.length === 0 && s.validParties.length === 0) {
    throw new WeComError(ERRCODE.invalidUserList, "all list invalid");
  }
  removeFromTag(tag, s.validUsers, s.validParties);
  call.tenant.touch();
  return partial(s.invalidUsers, s.invalidParties);
};

/** Adds members idempotently (userids compared case-insensitively). Shared with the console. */
export function addToTag(tag: StoredTag, users: readonly string[], parties: readonly number[]): void {
  const have = new Set(tag.userlist.map((u) => u.toLowerCase()));
  for (const u of users) {
    if (!have.has(u.toLowerCase())) {
      tag.userlist.push(u);
      have.add(u.toLowerCase());
    }
  }
  for (const d of parties) if (!tag.partylist.includes(d)) tag.partylist.push(d);
}

export function removeFromTag(tag: StoredTag, users: readonly string[], parties: readonly number[]): void {
  const drop = new Set(users.map((u) => u.toLowerCase()));
  tag.userlist = tag.userlist.filter((u) => !drop.has(u.toLowerCase()));
  tag.partylist = tag.partylist.filter((d) => !parties.includes(d));
}

export const tagHandlers = {
  tagCreate: create,
  tagUpdate: update,
  tagDelete: remove,
  tagGet: get,
  tagList: list,
  tagAddUsers: addUsers,
  tagDelUsers: delUsers,
} as const;
