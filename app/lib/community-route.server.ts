// Route helpers for the community space: the signed-in member or organiser of a call's community, or 404.
import { parseRow } from "../http/parse-form.server";
import { EventFields, toEventInput } from "../domain/community/inputs.server";
import type { AppLoadContext } from "react-router";
import { communityAccess, type CommunityAccess } from "../domain/community/community.server";
import { NotFound } from "./errors";
import { notFound, requireUser } from "./route-helpers.server";
import type { SessionUser } from "../auth/session.server";

export async function requireCommunity(
  context: AppLoadContext,
  request: Request,
  callId: string,
): Promise<{ user: SessionUser; access: CommunityAccess }> {
  const user = requireUser(context, request);
  try {
    return { user, access: await communityAccess(context.services.db, user.id, callId) };
  } catch (e) {
    if (e instanceof NotFound) notFound(context);
    throw e;
  }
}

/** Event form fields, as the domain wants them. */
export function eventInputFrom(form: FormData, prefix = "") {
  return toEventInput(parseRow(form, EventFields, prefix));
}
