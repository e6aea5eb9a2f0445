/* eslint-disable */
/**
 * GENERATED from schemas/resources/customer-handover.schema.json by src/schema/generate-types.ts — DO NOT EDIT.
 * Change the schema, then run `npm run build && npm run gen:types`.
 * The contract between the program and the provider (docs/provider.md): both sides use these types.
 */

/**
 * Departed members' customers handed over to a declared colleague (离职继承): resigned/transfer_customer for every customer still unassigned. Customers of a departed member without a takeover are reported in undeclared, never moved. One per tenant, id "handover". 离职成员的客户转接给指定同事；未声明接替人的客户只报告不转接。每个企业一个，id 为 "handover"。
 */
export interface CustomerHandoverInputs {
  /**
   * Who takes over whose customers; one takeover per leaver. 客户接替关系，每名离职人员一条。
   */
  takeovers: Takeover[];
}
/**
 * One leaver's customers and who takes them over. 一名离职人员的客户接替人。
 */
export interface Takeover {
  /**
   * The departed member. 离职成员。
   */
  handoverUserId: string;
  /**
   * The colleague who takes over; must be in the customer-contact app's visible range. 接替人，须在客户联系应用的可见范围内。
   */
  takeoverUserId: string;
}

/**
 * The state of a wecom:index:CustomerHandover: its inputs as WeCom holds them, plus what the provider adds.
 */
export interface CustomerHandoverState {
  /**
   * Who takes over whose customers; one takeover per leaver. 客户接替关系，每名离职人员一条。
   */
  takeovers: Takeover[];
  /**
   * Customers of declared leavers not yet handed over, as handoverUserId/externalUserId. 已声明接替人但尚未转接的客户。
   */
  pending: string[];
  /**
   * Customers of leavers without a declared takeover, as handoverUserId/externalUserId; never moved. 未声明接替人的离职成员的客户，不转接。
   */
  undeclared: string[];
}

/** wecom:index:CustomerHandover: its token, its state properties, and those only the provider writes. */
export const CUSTOMER_HANDOVER = {
  name: "CustomerHandover",
  token: "wecom:index:CustomerHandover",
  stateProperties: ["takeovers", "pending", "undeclared"],
  outputOnly: ["pending", "undeclared"],
} as const;
