import type { AppLoadContext } from "react-router";
import { t } from "../i18n/i18n";

/** The files of a multipart form's `files` field, as buffers (empty file inputs left out). */
export async function filesFrom(form: FormData, field = "files"): Promise<{ name: string; data: Buffer }[]> {
  const out: { name: string; data: Buffer }[] = [];
  for (const entry of form.getAll(field)) {
    if (typeof entry === "string" || (entry.size === 0 && !entry.name)) continue;
    out.push({ name: entry.name, data: Buffer.from(await entry.arrayBuffer()) });
  }
  return out;
}

/** The posted form, or the "too large" message the page shows when its body could not be read. */
export async function readForm(
  context: AppLoadContext,
  request: Request,
): Promise<{ form: FormData; error?: undefined } | { form?: undefined; error: string }> {
  try {
    return { form: await request.formData() };
  } catch {
    return {
      error: t(context.locale, "upload.tooLarge", { max: Math.round(context.services.config.uploadLimits.maxFileBytes / 1048576) }),
    };
  }
}
