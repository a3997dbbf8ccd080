export * from "./users";
export * from "./workspaces";
export * from "./ledger";
export * from "./usage";
export * from "./auth";
export * from "./access";
export * from "./payments";
export * from "./api-keys";
