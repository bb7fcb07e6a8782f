// A call's learning community (issue 3): its members are the organisations whose dossier was accepted;
// the commitment period comes from the call's timeline. Members' profiles (description, hosting offer)
// start from their dossier and members edit them. Only members and the call's organisers see any of it.
import type { Kdb } from "../../db/database.server";
import { featuresOf } from "../calls/call-content";
import { DomainError, NotFound } from "../../lib/errors";
import type { DossierProfile } from "../applications/profile";
import { submissionProfile } from "../applications/profile.server";
import { communeByCode, departementByCode, regionByCode } from "../../forms/territory.server";
import { findCallById } from "../calls/calls.server";
import { communityAccess, memberOrganisationsOf, type CommunityAccess } from "../access/policy.server";
export { communityAccess, memberOrganisationsOf, type CommunityAccess };
import { toIndex, toMonth } from "./visit-planner";
import { frenchOrder } from "../../db/collation.server";
import { communityDossiers } from "../applications/lifecycle.server";

/** The communities a person takes part in (as a member), for their space. */
export async function communitiesOf(db: Kdb, userId: string) {
  return db
    .selectFrom("membership")
    .innerJoin("dossier", "dossier.organization_id", "membership.organization_id")
    .innerJoin("call", "call.id", "dossier.call_id")
    .select(["call.id", "call.content_json"])
    .where("membership.user_id", "=", userId)
    .where("dossier.state", "=", "accepted")
    .where("dossier.id", "in", communityDossiers(db))
    .distinct()
    .execute()
    .then((rows) => rows.filter((r) => featuresOf(JSON.parse(r.content_json)).community));
}

export async function commitmentPeriod(db: Kdb, callId: string) {
  const call = await findCallById(db, callId);
  if (!call) throw new NotFound();
  return { start: call.timeline.communityStart, end: call.timeline.communityEnd, call };
}

/**
 * The period a capitalisation report covers by default: from the community's start to today, or to its
 * end once it is over, or the whole period before it has begun — never an end before the start (issue 9).
 */
export function defaultReportPeriod(period: { start: string; end: string }, today: string): { from: string; to: string } {
  const to = today < period.start || today > period.end ? period.end : today;
  return { from: period.start, to };
}

/**
 * The dossier asked for an approximate month: the hosting window starts as two months either side of it,
 * within the commitment period; members widen or move it in their profile. Read from the dossier's
 * profile (what its answers mean), never from the call's answer keys.
 */
function hostingFromProfile(p: DossierProfile, period: { start: string; end: string }) {
  const when = p.hostWhen;
  const start = period.start.slice(0, 7);
  const end = period.end.slice(0, 7);
  const from = when ? [toMonth(toIndex(when) - 2), start].sort()[1] : null;
  const to = when ? [toMonth(toIndex(when) + 2), end].sort()[0] : null;
  return {
    description: (p.summary ?? "").slice(0, 600),
    hosts: p.hostsVisit ? 1 : 0,
    visit_experiences: p.hostExperiences ?? "",
    host_from: from,
    host_to: to,
  };
}

export interface Member {
  organizationId: string;
  name: string;
  commune: string | null;
  departement: string | null;
  departementName: string | null;
  region: string | null;
  regionName: string | null;
  description: string;
  hosts: boolean;
  hostExperiences: string;
  hostFrom: string | null;
  hostTo: string | null;
}

/** Every member with its territory and profile (from the dossier until the member edits it). */
export async function membersOf(db: Kdb, callId: string): Promise<Member[]> {
  const rows = await db
    .selectFrom("dossier")
    .innerJoin("submission", (j) =>
      j.onRef("submission.dossier_id", "=", "dossier.id").onRef("submission.number", "=", "dossier.submission_count"),
    )
    .innerJoin("dossier_fact", "dossier_fact.dossier_id", "dossier.id")
    .leftJoin("member_profile", (j) =>
      j.onRef("member_profile.organization_id", "=", "dossier.organization_id").onRef("member_profile.call_id", "=", "dossier.call_id"),
    )
    .select([
      "dossier.organization_id",
      "dossier_fact.name",
      "submission.answers_json",
      "submission.profile_json",
      "submission.form_version_id",
      "member_profile.description",
      "member_profile.hosts",
      "member_profile.visit_experiences",
      "member_profile.host_from",
      "member_profile.host_to",
    ])
    .where("dossier.call_id", "=", callId)
    .where("dossier.state", "=", "accepted")
    .where("dossier.id", "in", communityDossiers(db))
    .orderBy(frenchOrder(db, "dossier_fact.name"))
    .execute();
  const period = await commitmentPeriod(db, callId);
  const out: Member[] = [];
  for (const r of rows) {
    const dossier = await submissionProfile(db, r);
    let profile =
      r.hosts === null || r.hosts === undefined
        ? null
        : {
            description: r.description!,
            hosts: r.hosts,
            visit_experiences: r.visit_experiences!,
            host_from: r.host_from ?? null,
            host_to: r.host_to ?? null,
          };
    // Until the member edits it, the profile is read from the dossier (nothing written on a page view).
    profile ??= hostingFromProfile(dossier, period);
    const place = dossier.communeCode ? communeByCode(dossier.communeCode) : undefined;
    out.push({
      organizationId: r.organization_id,
      name: r.name,
      commune: place?.nom ?? null,
      departement: place?.departement ?? null,
      departementName: place?.departement ? (departementByCode(place.departement)?.nom ?? null) : null,
      region: place?.region ?? null,
      regionName: place?.region ? (regionByCode(place.region)?.nom ?? null) : null,
      description: profile.description,
      hosts: profile.hosts === 1,
      hostExperiences: profile.visit_experiences,
      hostFrom: profile.host_from,
      hostTo: profile.host_to,
    });
  }
  return out;
}

const MONTH = /^\d{4}-(0[1-9]|1[0-2])$/;

/** A member edits its profile and hosting offer (window within the commitment period). */
export async function saveProfile(
  db: Kdb,
  input: {
    callId: string;
    organizationId: string;
    userId: string;
    description: string;
    hosts: boolean;
    hostExperiences: string;
    hostFrom: string;
    hostTo: string;
    now?: Date;
  },
): Promise<void> {
  const access = await communityAccess(db, input.userId, input.callId);
  if (!access.organizationIds.includes(input.organizationId)) throw new NotFound();
  const { start, end } = await commitmentPeriod(db, input.callId);
  const description = input.description.trim();
  const experiences = input.hostExperiences.trim();
  if (description.length > 2000 || experiences.length > 2000) throw new DomainError("team.textTooLong", 400, { max: 2000 });
  if (input.hosts) {
    if (!MONTH.test(input.hostFrom) || !MONTH.test(input.hostTo) || input.hostFrom > input.hostTo)
      throw new DomainError("community.hostWindow", 400);
    if (input.hostFrom < start.slice(0, 7) || input.hostTo > end.slice(0, 7))
      throw new DomainError("community.hostWindowOutside", 400, { start: start.slice(0, 7), end: end.slice(0, 7) });
    if (!experiences) throw new DomainError("community.hostExperiencesRequired", 400);
  }
  const values = {
    description,
    hosts: input.hosts ? 1 : 0,
    visit_experiences: experiences,
    host_from: input.hosts ? input.hostFrom : null,
    host_to: input.hosts ? input.hostTo : null,
    updated_by: input.userId,
    updated_at: (input.now ?? new Date()).toISOString(),
  };
  await db
    .insertInto("member_profile")
    .values({ call_id: input.callId, organization_id: input.organizationId, ...values })
    .onConflict((oc) => oc.columns(["call_id", "organization_id"]).doUpdateSet(values))
    .execute();
}
