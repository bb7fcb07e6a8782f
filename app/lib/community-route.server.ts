// Route helpers for the community space: the signed-in member or organiser of a call's community, or 404.
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
  const get = (k: string) => String(form.get(`${prefix}${k}`) ?? "");
  return {
    kind: (get("kind") === "meeting" ? "meeting" : "visit") as "visit" | "meeting",
    title: get("title"),
    date: get("date"),
    startTime: get("start") || "10:00",
    endTime: get("end") || "16:00",
    address: get("address"),
    programme: get("programme"),
    capacity: Number(get("capacity") || 0),
    hostOrgId: get("host") || null,
  };
}
