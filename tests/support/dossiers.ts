// Submitted dossiers of the default call, created through the domain exactly as applicants would.
import { saveStudio, studioCall } from "../../app/domain/calls/studio.server";
import type { CallContent } from "../../app/domain/calls/call-content";
import type { Services } from "../../app/services.server";
import { findCallBySlug, type Call } from "../../app/domain/calls/calls.server";
import { createOrganisation } from "../../app/domain/organisations/organisations.server";
import { openOrCreateDossier, saveAnswers, submitDossier } from "../../app/domain/applications/dossiers.server";
import { dossierForMember } from "../../app/domain/access/policy.server";
import { asChanges, completeAnswers } from "./fixtures";
import { addAttachment, DEFAULT_LIMITS } from "../../app/domain/applications/attachments.server";
import { createVerifiedUser } from "./services";
import { confirmSelection } from "../../app/domain/decisions/selection.server";
import { sendAnswers } from "../../app/domain/decisions/answers.server";
import type { Kdb } from "../../app/db/database.server";

export interface SubmittedDossier {
  id: string;
  org: string;
  owner: { id: string; email: string; password: string };
  name: string;
}

export async function defaultCall(services: Services): Promise<Call> {
  return (await findCallBySlug(services.db, "ptce-emploi-2015"))!;
}

export async function organiserId(services: Services): Promise<string> {
  return (await services.db.selectFrom("user").select("id").where("role", "=", "organiser").executeTakeFirstOrThrow()).id;
}

export async function submittedDossier(
  services: Services,
  input: {
    name: string;
    commune?: { query: string; code: string };
    answers?: Record<string, unknown>;
    files?: { fieldKey: string; name: string; data: Buffer }[];
  },
): Promise<SubmittedDossier> {
  const db = services.db;
  const call = await defaultCall(services);
  const owner = await createVerifiedUser(services, `Porteur ${input.name}`);
  const org = await createOrganisation(db, { name: `Association ${input.name}`, userId: owner.id });
  const id = await openOrCreateDossier(db, { call, organizationId: org, userId: owner.id });
  // A host's proposed month must fall within the community's period (dates are shifted to today).
  const hosting =
    input.answers?.host_visit === "yes"
      ? { host_experiences: "Nos expériences d’insertion.", host_when: call.timeline.communityStart.slice(0, 7) }
      : {};
  await saveAnswers(db, {
    dossier: await dossierForMember(db, owner.id, id),
    userId: owner.id,
    changes: asChanges({
      ...completeAnswers(),
      ptce_name: input.name,
      commune: input.commune ?? { query: "Figeac", code: "46102" },
      ...hosting,
      ...input.answers,
    }),
  });
  for (const f of input.files ?? []) {
    await addAttachment(db, services.storage, {
      dossier: await dossierForMember(db, owner.id, id),
      fieldKey: f.fieldKey,
      originalName: f.name,
      data: f.data,
      truncated: false,
      userId: owner.id,
      limits: DEFAULT_LIMITS,
    });
  }
  const outcome = await submitDossier(db, { dossier: await dossierForMember(db, owner.id, id), userId: owner.id, locale: "fr" });
  if (outcome.status !== "submitted") throw new Error(`not submitted: ${outcome.status}`);
  return { id, org, owner, name: input.name };
}

/**
 * Decides and sends the answers: an organisation is in the community once its acceptance is *sent*
 * (ADR 009, issue 10), not as soon as it is decided.
 */
export async function acceptIntoCommunity(db: Kdb, input: Parameters<typeof confirmSelection>[1]): Promise<void> {
  await confirmSelection(db, input);
  await sendAnswers(db, { callId: input.callId, actorId: input.actorId, appUrl: input.appUrl });
}

/** Changes a call's content as its organiser would in the studio (phases, selection settings…). */
export async function changeCallContent(db: Kdb, input: { callId: string; actorId: string; change: (c: CallContent) => CallContent }) {
  const current = await studioCall(db, input.callId, input.actorId);
  await saveStudio(db, {
    callId: input.callId,
    actorId: input.actorId,
    revision: current.revision,
    change: (e) => ({ ...e, content: input.change(e.content) }),
  });
}
