// npm run restore -- <folder>: puts a backup back (database replaced, files and secret restored).
// Stop Trame first; start it again afterwards.
import { resolve } from "node:path";
import { configFromEnv } from "../app/config.server";
import { restore } from "../app/ops/backup.server";

const src = process.argv[2];
if (!src) {
  console.error("Indiquez le dossier de la sauvegarde : npm run restore -- <dossier>");
  process.exit(2);
}
try {
  const manifest = await restore(configFromEnv(), resolve(src));
  console.log(`Sauvegarde du ${manifest.createdAt} restaurée (${manifest.database}, ${manifest.files.length} fichiers). Redémarrez Trame.`);
} catch (e) {
  console.error(`Restauration impossible : ${(e as Error).message}`);
  process.exit(1);
}
// An S3 client keeps its connections open: the command ends when its work is done.
process.exit(0);
