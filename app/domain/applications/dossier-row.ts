// A dossier's row as the applicant's pages and commands read it (shared by the access policy and the dossiers' commands).
export interface DossierRow {
  id: string;
  call_id: string;
  organization_id: string;
  form_version_id: string;
  state: string;
  lock_version: number;
  submission_count: number;
  last_submitted_at: string | null;
  updated_at: string;
}

export const dossierColumns = [
  "id",
  "call_id",
  "organization_id",
  "form_version_id",
  "state",
  "lock_version",
  "submission_count",
  "last_submitted_at",
  "updated_at",
] as const;
