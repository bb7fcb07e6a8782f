// What the organisation pages post, as schemas (issue 13): parsed by their actions through parseForm.
import { z } from "zod";
import { trimmed } from "../../http/parse-form.server";

export const OrganisationForm = z.object({ name: trimmed(300) });
export const InviteMemberForm = z.object({ email: trimmed(320) });
