/** The files of a multipart form's `files` field, as buffers (empty file inputs left out). */
export async function filesFrom(form: FormData, field = "files"): Promise<{ name: string; data: Buffer }[]> {
  const out: { name: string; data: Buffer }[] = [];
  for (const entry of form.getAll(field)) {
    if (typeof entry === "string" || (entry.size === 0 && !entry.name)) continue;
    out.push({ name: entry.name, data: Buffer.from(await entry.arrayBuffer()) });
  }
  return out;
}
