// npm run restore -- <folder>: puts a backup back (database replaced, files and secret restored).
// Stop Trame first; start it again afterwards.
import { resolve } from "node:path";
import { configFromEnv } from "../app/config.server";
import { restore } from "../app/ops/backup.server";
import { exitAfterOutput } from "../server/exit.js";

const src = process.argv[2];
if (!src) {
  console.error("Indiquez le dossier de la sauvegarde : npm run restore -- <dossier>");
  exitAfterOutput(2);
} else {
  try {
    const manifest = await restore(configFromEnv(), resolve(src));
    console.log(
      `Sauvegarde du ${manifest.createdAt} restaurée (${manifest.database}, ${manifest.files.length} fichiers). Redémarrez Trame.`,
    );
    // An S3 client keeps its connections open: the command ends when its work is done.
    exitAfterOutput(0);
  } catch (e) {
    console.error(`Restauration impossible : ${(e as Error).message}`);
    exitAfterOutput(1);
  }
}
