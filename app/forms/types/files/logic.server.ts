import type { FilesField } from "./definition";
import { type FieldTypeLogic } from "../contract";

export const filesLogic: FieldTypeLogic<FilesField> = {
  read: () => undefined, // files arrive through the upload path, never as answers
  isEmpty: (_v, ctx) => (ctx.attachmentCount ?? 0) === 0,
  check: (_v, f, ctx) =>
    f.maxFiles && (ctx.attachmentCount ?? 0) > f.maxFiles ? { key: "field.files.max", vars: { max: f.maxFiles } } : null,
  toText: () => "",
  // The names of the files attached to this question, from the submission's list of attachments.
  exportColumns: (f) => [
    {
      value: (_v, ctx) =>
        ctx.attachments
          .filter((a) => a.field_key === f.key)
          .map((a) => a.safe_name)
          .join(" | "),
    },
  ],
  toData: (_v, f, ctx) =>
    ctx.attachments.filter((a) => a.field_key === f.key).map((a) => ({ id: a.id, name: a.name, mime: a.mime, size: a.size })),
  dataSchema: () => ({
    type: "array",
    items: {
      type: "object",
      properties: { id: { type: "string" }, name: { type: "string" }, mime: { type: "string" }, size: { type: "integer" } },
      required: ["id", "name", "mime", "size"],
    },
  }),
};
