// The kinds of dossier a call keeps for a limited time (shared by pages and the server).
export const RETENTION_KINDS = ["declined", "withdrawn", "drafts"] as const;
export type RetentionKind = (typeof RETENTION_KINDS)[number];
export type RetentionSettings = Record<RetentionKind, number>;
