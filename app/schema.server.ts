export * from "./modules/identity/schema";
export * from "./modules/tenancy/schema";
export * from "./modules/audit/schema";
export * from "./modules/email/schema";
export * from "./modules/platform/schema";
export * from "./modules/parties/schema";
export * from "./modules/ledger/schema";
