// Column shapes the tables repeat, written once. Plain drizzle builders, so the schema (and what
// drizzle-kit generates from it) is exactly what the inline definitions were.
//
// Tenant tables (every table with a workspace_id: docs/SCALING.md) follow one pattern so that they
// can be distributed by workspace_id on a sharded PostgreSQL (Citus): the primary key is
// `tenantPrimaryKey` (the row's id and its workspace), every unique constraint names workspace_id
// too, and a reference to another tenant row is `sameWorkspace` (a composite foreign key carrying
// the workspace). tests/integration/tenant-keys.test.ts reads the catalog and names any table, index
// or foreign key that breaks it.
import { foreignKey, primaryKey, uuid, type AnyPgColumn } from "drizzle-orm/pg-core";

/** A primary key the database draws at random (reference tables; tenant tables use `tenantRowId`). */
export const randomId = () => uuid().primaryKey().defaultRandom();

/** A tenant row's id, drawn at random: the primary key is it together with the workspace. */
export const tenantRowId = () => uuid().notNull().defaultRandom();

/** A tenant table's primary key: its id, then its workspace (so a lookup by id alone still uses it). */
export const tenantPrimaryKey = (t: { id: AnyPgColumn; workspaceId: AnyPgColumn }) =>
  primaryKey({ columns: [t.id, t.workspaceId] });

/**
 * A reference to a row of another tenant table in the same workspace: (column, workspace_id) →
 * (id, workspace_id), so the pair lives on one shard. `setNull` empties only the referencing column
 * (PostgreSQL's `ON DELETE SET NULL (column)`, which drizzle-kit cannot write: the migration adds it).
 */
export const sameWorkspace = (
  name: string,
  column: AnyPgColumn,
  workspaceId: AnyPgColumn,
  target: { id: AnyPgColumn; workspaceId: AnyPgColumn },
  onDelete: "cascade" | "set null" = "cascade",
) =>
  foreignKey({
    name,
    columns: [column, workspaceId],
    foreignColumns: [target.id, target.workspaceId],
  }).onDelete(onDelete);

/**
 * The row this one belongs to (its workspace, its user, its event...): required, and deleted with it,
 * so no row outlives what it belongs to.
 */
export const ownedBy = (parent: () => AnyPgColumn) =>
  uuid().notNull().references(parent, { onDelete: "cascade" });
