// Column shapes the tables repeat, written once. Plain drizzle builders, so the schema (and what
// drizzle-kit generates from it) is exactly what the inline definitions were.
import { uuid, type AnyPgColumn } from "drizzle-orm/pg-core";

/** A primary key the database draws at random. */
export const randomId = () => uuid().primaryKey().defaultRandom();

/**
 * The row this one belongs to (its workspace, its user, its event...): required, and deleted with it,
 * so no row outlives what it belongs to.
 */
export const ownedBy = (parent: () => AnyPgColumn) =>
  uuid().notNull().references(parent, { onDelete: "cascade" });
