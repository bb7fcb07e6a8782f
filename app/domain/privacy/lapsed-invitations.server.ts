// Invitations never accepted, to an organisation or to a call's team, kept with the address they were sent
// to: each lapses after two or three weeks, and was then kept forever (issue 11, ADR 049). A month after it
// lapsed, it is deleted. Until then the team's page still lists it, to be sent again, and its link still says
// that it has expired, rather than that it does not exist. Accepted invitations are kept: they record who
// brought whom in.
import { daysBefore, deleteChosenInBatches, type Kdb } from "../../db/database.server";

/** How long an invitation never accepted is kept after it lapsed. */
export const LAPSED_INVITATIONS_KEPT_DAYS = 30;

/** Deletes the invitations never accepted that lapsed more than LAPSED_INVITATIONS_KEPT_DAYS ago; returns how many went. */
export async function purgeLapsedInvitations(db: Kdb, now = new Date()): Promise<number> {
  const before = daysBefore(now, LAPSED_INVITATIONS_KEPT_DAYS);
  let purged = 0;
  for (const table of ["invitation", "call_invitation"] as const)
    purged += await deleteChosenInBatches(db, table, (limit) =>
      db.selectFrom(table).select("id").where("accepted_at", "is", null).where("expires_at", "<", before).limit(limit),
    );
  return purged;
}
