import type { FieldBase } from "../base";

/** Kinds of documents a files question may accept, recognised by content (attachments.server.ts). */
export const FILE_KINDS = ["pdf", "text", "spreadsheet", "image"] as const;
export type FileKind = (typeof FILE_KINDS)[number];

export interface FilesField extends FieldBase {
  type: "files";
  maxFiles?: number;
  /** Accepted kinds (default: all). */
  accept?: FileKind[];
  /** Largest file in MB for this question (never above the instance's limit). */
  maxFileMb?: number;
}
