/* eslint-disable */
/**
 * GENERATED from schemas/archive.schema.json by src/schema/generate-types.ts — DO NOT EDIT.
 * Change the schema, then run `npm run build && npm run gen:types`.
 * Raw policy-file types are for the loader (src/policy/) only; the rest of the code uses its model.
 */

/**
 * archive.yaml — message archiving (会话内容存档): whose chats are archived, why, on which legal basis, for how long and where. 会话内容存档：范围、目的、合法性基础、保存期限与存储地。
 */
export interface ArchiveFile {
  /**
   * Whether message archiving is on for anyone. 是否开启会话存档。
   */
  enabled: boolean;
  /**
   * Roster userids whose chats are archived (observed only: set in the console under 管理工具 → 会话内容存档). 开启存档的成员。
   *
   * Items: A roster userid. 成员 userid。
   */
  members: string[];
  /**
   * Why chats are archived. 存档目的。
   */
  purpose?: string;
  /**
   * consent (PIPL Art. 13(1)1) or hr-management (PIPL Art. 13(1)2, needs labour rules made per LCL Art. 4) (WC.ARC.1). 合法性基础：同意，或依法制定的劳动规章制度下的人力资源管理。
   */
  legal_basis?: "consent" | "hr-management";
  /**
   * Consent purpose key in consent.yaml, when the basis is consent. 同意目的键名。
   */
  consent_purpose?: string;
  /**
   * PIA record id in records.yaml (PIPL Art. 55, WC.ARC.3). 个人信息保护影响评估记录编号。
   */
  pia?: string;
  /**
   * Labour-rules consultation record id in records.yaml (LCL Art. 4), when the basis is hr-management. 民主协商记录编号。
   */
  consultation?: string;
  /**
   * How long archived chats are kept, in days (PIPL Art. 19, WC.ARC.4). 存档保存天数。
   */
  retention_days?: number;
  /**
   * Where archived chats are stored: cn-mainland, hk or overseas (WC.XB.3). 存储地区。
   */
  storage_region?: "cn-mainland" | "hk" | "overseas";
  /**
   * Whether chats with external contacts (customers) are archived too (WC.ARC.5). Default false. 是否存档与外部联系人的会话。
   */
  includes_external_contacts?: boolean;
  /**
   * Date archiving was (or will be) switched on; the PIA must be dated before it. 开启日期。
   */
  since?: string;
}
