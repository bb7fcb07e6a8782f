// npm run backup [-- <folder>]: a consistent copy of Trame's database, files and secret (app/ops/backup.server.ts).
import { join, resolve } from "node:path";
import { configFromEnv } from "../app/config.server";
import { backup, backupSize } from "../app/ops/backup.server";
import { exitAfterOutput } from "../server/exit.js";

const config = configFromEnv();
const stamp = new Date().toISOString().replace(/[:.]/g, "-").slice(0, 19);
const dest = resolve(process.argv[2] ?? join(config.dataDir, "..", "backups", `trame-${stamp}`));
try {
  const manifest = await backup(config, dest);
  console.log(
    `Sauvegarde écrite dans ${dest} (${manifest.database}, ${manifest.files.length} fichiers, ${Math.round((await backupSize(dest)) / 1024)} Kio).`,
  );
  // An S3 client keeps its connections open: the command ends when its work is done.
  exitAfterOutput(0);
} catch (e) {
  console.error(`Sauvegarde impossible : ${(e as Error).message}`);
  exitAfterOutput(1);
}
