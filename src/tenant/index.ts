/** The one reader of the tenant and the one way to build a WeCom client from the provider's config. */
export * from "./client";
export * from "./read";
export * from "./reachable";
