// A colleague joining an organisation through its invitation, as in the app.
import type { Services } from "../../app/services.server";
import { acceptInvitation, inviteMember } from "../../app/domain/organisations/organisations.server";
import { createVerifiedUser } from "./services";

export async function addMember(
  services: Services,
  organizationId: string,
  name: string,
): Promise<{ id: string; email: string; password: string }> {
  const db = services.db;
  const owner = await db
    .selectFrom("membership")
    .select("user_id")
    .where("organization_id", "=", organizationId)
    .where("role", "=", "owner")
    .executeTakeFirstOrThrow();
  const user = await createVerifiedUser(services, name);
  const { token } = await inviteMember(db, { organizationId, email: user.email, invitedBy: owner.user_id });
  await acceptInvitation(db, { token, userId: user.id });
  return user;
}
