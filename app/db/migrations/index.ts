import type { Migration, MigrationProvider } from "kysely";
import { initial } from "./001-initial";
import { pendingSave } from "./002-pending-save";
import { reminders } from "./003-reminders";

// Listed in a module rather than read from disk, so the bundled server finds them (ADR 002).
const migrations: Record<string, Migration> = {
  "001-initial": initial,
  "002-pending-save": pendingSave,
  "003-reminders": reminders,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
