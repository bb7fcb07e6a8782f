// Which detected content types each kind of document covers (browser-safe: the view's `accept` uses it).
import type { FileKind } from "./definition";

export const KIND_TYPES: Record<FileKind, { mimes: string[]; extensions: string[] }> = {
  pdf: { mimes: ["application/pdf"], extensions: [".pdf"] },
  text: {
    mimes: ["application/vnd.oasis.opendocument.text", "application/vnd.openxmlformats-officedocument.wordprocessingml.document"],
    extensions: [".odt", ".docx"],
  },
  spreadsheet: {
    mimes: ["application/vnd.oasis.opendocument.spreadsheet", "application/vnd.openxmlformats-officedocument.spreadsheetml.sheet"],
    extensions: [".ods", ".xlsx"],
  },
  image: { mimes: ["image/jpeg", "image/png"], extensions: [".jpg", ".jpeg", ".png"] },
};

export function acceptedKinds(accept: FileKind[] | undefined): FileKind[] {
  return accept && accept.length > 0 ? accept : (Object.keys(KIND_TYPES) as FileKind[]);
}

export function acceptAttribute(accept: FileKind[] | undefined): string {
  return acceptedKinds(accept)
    .flatMap((k) => KIND_TYPES[k].extensions)
    .join(",");
}

export function kindAllows(accept: FileKind[] | undefined, mime: string): boolean {
  return acceptedKinds(accept).some((k) => KIND_TYPES[k].mimes.includes(mime));
}
