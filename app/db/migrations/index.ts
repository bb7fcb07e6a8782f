import type { Migration, MigrationProvider } from "kysely";
import { initial } from "./001-initial";
import { pendingSave } from "./002-pending-save";

// Listed in a module rather than read from disk, so the bundled server finds them (ADR 002).
const migrations: Record<string, Migration> = {
  "001-initial": initial,
  "002-pending-save": pendingSave,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
