import type { SheetInput } from "../domain/community/sheets.server";

/** The experience sheet's form fields, as the domain wants them. */
export function sheetInputFrom(form: FormData): SheetInput {
  const s = (k: string) => String(form.get(k) ?? "");
  return {
    title: s("title"),
    themes: form.getAll("themes").map(String),
    organizationId: s("organizationId") || null,
    eventId: s("eventId") || null,
    content: {
      context: s("context"),
      actors: s("actors"),
      actions: s("actions"),
      results: s("results"),
      impacts: s("impacts"),
      lessons: s("lessons"),
      contacts: s("contacts"),
      jobsCreated: (s("jobsCreated") || null) as unknown as number,
      jobsSecured: (s("jobsSecured") || null) as unknown as number,
      peopleSupported: (s("peopleSupported") || null) as unknown as number,
      trainings: (s("trainings") || null) as unknown as number,
      publicOptIn: form.get("publicOptIn") === "yes",
    },
  };
}
