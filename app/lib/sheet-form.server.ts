import type { SheetInput } from "../domain/community/sheets.server";
import type { SheetForms } from "../domain/community/inputs.server";
import type { z } from "zod";

/** The experience sheet's posted fields (parsed with SheetForms.save), as the domain wants them. */
export function sheetInputFrom(v: z.infer<typeof SheetForms.save>): SheetInput {
  const { title, themes, organizationId, eventId, ...content } = v;
  return { title, themes, organizationId, eventId, content };
}
