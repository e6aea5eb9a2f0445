/**
 * Message archive (会话内容存档): path/91614, 91782. Archive secret only (the server enforces that).
 * The enabled member range is set in the console (POST /__console/msgaudit/permit).
 */
import { CHECK_SINGLE_AGREE_BATCH } from "../../wecom/wire";
import { WeComError } from "../errors";
import { ERRCODE, type Handler } from "./call";

const permitUserList: Handler = (call) => {
  const type = call.body["type"];
  // GUESS: a type other than 1/2/3 is an invalid parameter (40058).
  if (type !== undefined && type !== 1 && type !== 2 && type !== 3)
    throw new WeComError(ERRCODE.invalidParameter58, "type");
  // path/91614: only effective members are returned — members removed from the directory drop out.
  const ids = call.tenant.state.archive.permit
    .filter((p) => (type === undefined || p.type === type) && call.tenant.user(p.userid))
    .map((p) => p.userid);
  return { ids };
};

const checkSingleAgree: Handler = (call) => {
  const info = call.body["info"];
  if (!Array.isArray(info) || info.length === 0 || info.length > CHECK_SINGLE_AGREE_BATCH) {
    // GUESS: a missing, empty or over-100 `info` list is an invalid parameter (40058).
    throw new WeComError(ERRCODE.invalidParameter58, "info");
  }
  const agreements = call.tenant.state.archive.agreements;
  const agreeinfo = info.map((raw: unknown) => {
    const item = raw as Record<string, unknown>;
    const userid = item?.["userid"];
    const ext = item?.["exteranalopenid"];
    if (typeof userid !== "string" || typeof ext !== "string") {
      throw new WeComError(ERRCODE.invalidParameter58, "info[].userid/exteranalopenid");
    }
    const found = agreements.find(
      (a) => a.userid.toLowerCase() === userid.toLowerCase() && a.exteranalopenid === ext,
    );
    // GUESS: a pair with no recorded answer reads as "Disagree" with status_change_time 0.
    return {
      status_change_time: found?.status_change_time ?? 0,
      userid,
      exteranalopenid: ext,
      agree_status: found?.agree_status ?? "Disagree",
    };
  });
  return { agreeinfo };
};

const checkRoomAgree: Handler = (call) => {
  const roomid = call.body["roomid"];
  if (typeof roomid !== "string" || roomid === "") throw new WeComError(ERRCODE.invalidParameter58, "roomid");
  const room = call.tenant.state.archive.rooms.find((r) => r.roomid === roomid);
  // GUESS: an unknown room answers an empty agreeinfo rather than an error.
  return { agreeinfo: room ? room.agreeinfo.map((a) => ({ ...a })) : [] };
};

export const msgauditHandlers = {
  msgauditGetPermitUserList: permitUserList,
  msgauditCheckSingleAgree: checkSingleAgree,
  msgauditCheckRoomAgree: checkRoomAgree,
} as const;
