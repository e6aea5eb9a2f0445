/* eslint-disable */
/**
 * GENERATED from schemas/crossborder.schema.json by src/schema/generate-types.ts — DO NOT EDIT.
 * Change the schema, then run `npm run build && npm run gen:types`.
 * Raw policy-file types are for the loader (src/policy/) only; the rest of the code uses its model.
 */

/**
 * crossborder.yaml — personal information sent outside mainland China (数据出境) and the domains apps may point at. 个人信息出境与批准的域名。
 */
export interface CrossborderFile {
  /**
   * Domains app redirect domains and home URLs may use; a subdomain of an approved domain is approved (WC.XB.2). 批准的域名（含子域名）。
   *
   * Items: A domain name. 域名。
   */
  approved_domains: string[];
  /**
   * Overseas recipients keyed by a stable key (境外接收方). 以稳定键名索引的境外接收方。
   */
  recipients: {
    [k: string]: TransferRecipient | undefined;
  };
}
/**
 * One overseas recipient and the mechanism the transfer relies on (PIPL Arts. 38, 39; WC.XB.1). 一个境外接收方。
 */
export interface TransferRecipient {
  /**
   * Recipient's legal name. 接收方名称。
   */
  name: string;
  /**
   * ISO 3166-1 alpha-2 country code. 国家或地区代码。
   */
  country: string;
  /**
   * Why the data is sent. 出境目的。
   */
  purpose: string;
  /**
   * Categories of personal information sent. 出境的个人信息种类。
   *
   * @minItems 1
   *
   * Items: A category. 一个种类。
   */
  categories: [string, ...string[]];
  /**
   * Whether any category is sensitive personal information. Default false. 是否包含敏感个人信息。
   */
  sensitive?: boolean;
  /**
   * security-assessment (XBP Art. 7), standard-contract or certification (Art. 8), hr-exemption (Art. 5(2)), contract-exemption (Art. 5(1)), emergency-exemption (Art. 5(3)). 出境机制。
   */
  mechanism:
    | "security-assessment"
    | "standard-contract"
    | "certification"
    | "hr-exemption"
    | "contract-exemption"
    | "emergency-exemption";
  /**
   * Filing number, contract id or the exemption relied on. 备案编号、合同编号或豁免依据。
   */
  reference: string;
  /**
   * consent, hr-management or contract (PIPL Art. 13). 合法性基础。
   */
  legal_basis: "consent" | "hr-management" | "contract";
  /**
   * Version of the PIPL Art. 39 notice given to the people concerned. 告知文本版本。
   */
  notice_version?: string;
  /**
   * Separate-consent purpose key in consent.yaml, when the basis is consent. 单独同意目的键名。
   */
  consent_purpose?: string;
  /**
   * PIA record id in records.yaml (PIPL Art. 55). 个人信息保护影响评估记录编号。
   */
  pia?: string;
  /**
   * Hosts that receive the data; they count as approved for WC.XB.2. 接收数据的域名。
   *
   * Items: A host name. 域名。
   */
  domains?: string[];
  /**
   * People whose data is sent, counted from 1 January. 出境涉及人数。
   */
  people_count?: number;
}
