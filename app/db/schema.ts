// Table types for Kysely. Conventions shared by SQLite and PostgreSQL (see ADR 002):
// ids are text (UUID), instants are ISO-8601 UTC text, booleans are 0/1 integers, JSON is text.

export interface CallTable {
  id: string;
  slug: string;
  status: "draft" | "published" | "archived";
  default_locale: string;
  content_json: string; // CallContent: texts, contact, criteria
  timeline_json: string; // CallTimeline: civil dates (YYYY-MM-DD) in Europe/Paris
  closes_at: string; // instant: end of the deadline's day in Europe/Paris
  opens_at: string; // instant
  current_form_version_id: string | null;
  created_at: string;
  updated_at: string;
  /** Bumped by every change made in the studio: a save from an older revision is refused (ADR 025). */
  revision: number;
  updated_by: string | null;
  /** The form being edited in the studio, when it differs from the current version. */
  draft_form_json: string | null;
  published_at: string | null;
}

/** One value of a `filterable` answer of a dossier's latest submission (issue 10). */
export interface DossierAnswerFactTable {
  dossier_id: string;
  call_id: string;
  field_key: string;
  value_text: string | null;
  value_number: number | null;
}

/** What a draft moved to a new form version now asks (issue 10). */
export interface DossierFormChangeTable {
  id: string;
  dossier_id: string;
  from_version_id: string;
  to_version_id: string;
  asked_json: string;
  created_at: string;
}

export interface FormVersionTable {
  id: string;
  call_id: string;
  version: number;
  definition_json: string;
  created_at: string;
}

export interface OrganizationTable {
  id: string;
  name: string;
  created_by: string;
  created_at: string;
}

export interface MembershipTable {
  organization_id: string;
  user_id: string;
  role: "owner" | "member";
  created_at: string;
}

export interface InvitationTable {
  id: string;
  organization_id: string;
  email: string;
  token_hash: string;
  invited_by: string;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  accepted_by: string | null;
}

export interface DossierTable {
  id: string;
  call_id: string;
  organization_id: string;
  form_version_id: string;
  state: string;
  lock_version: number; // bumped by every transition: guards double submission
  submission_count: number;
  last_submitted_at: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
}

export interface AnswerTable {
  dossier_id: string;
  field_key: string;
  value_json: string;
  version: number;
  updated_by: string;
  updated_at: string;
}

export interface AnswerRevisionTable {
  id: string;
  dossier_id: string;
  field_key: string;
  version: number;
  value_json: string;
  saved_by: string;
  saved_at: string;
  first_saved_at: string | null;
}

export interface DossierTransitionTable {
  id: string;
  dossier_id: string;
  from_state: string;
  to_state: string;
  event: string;
  actor_id: string;
  at: string;
  note: string | null;
}

export interface SubmissionTable {
  id: string;
  dossier_id: string;
  number: number;
  form_version_id: string;
  answers_json: string;
  attachments_json: string;
  submitted_by: string;
  submitted_at: string;
  /** DossierProfile at submission (issue 10); null for submissions made before it was kept. */
  profile_json: string | null;
  /** Rows per repeatable answer (RowCounts, issue 11); null only if a row's answers could not be read. */
  row_counts_json: string | null;
}

export interface AttachmentTable {
  id: string;
  dossier_id: string;
  field_key: string;
  original_name: string;
  safe_name: string;
  mime: string;
  size: number;
  sha256: string;
  storage_key: string;
  uploaded_by: string;
  uploaded_at: string;
  deleted_at: string | null;
}

export interface DeadlineExtensionTable {
  call_id: string;
  organization_id: string;
  closes_at: string;
  granted_by: string;
  granted_at: string;
  reason: string;
}

export interface JobTable {
  id: string;
  type: string;
  payload_json: string;
  status: "pending" | "running" | "done" | "failed";
  attempts: number;
  run_at: string;
  locked_at: string | null;
  last_error: string | null;
  created_at: string;
}

export interface EmailTable {
  id: string;
  to_addr: string;
  subject: string;
  text_body: string;
  html_body: string | null;
  attachments_json: string; // [{filename, size}]
  transport: "captured" | "smtp";
  message_id: string | null;
  created_at: string;
}

export interface PendingSaveTable {
  token_hash: string;
  dossier_id: string;
  section_key: string;
  body: string;
  created_at: string;
  expires_at: string;
}

export interface ReminderSentTable {
  dossier_id: string;
  kind: string;
  sent_at: string;
}

/** SQLite only: the FTS5 table (row numbers shared with the facts, migration 028). PostgreSQL keeps the vector in the facts (029). */
export interface DossierSearchTable {
  dossier_id: string;
  call_id: string;
  content: string;
}

export interface CallMemberTable {
  call_id: string;
  user_id: string;
  role: "organiser" | "reviewer" | "expert";
  invited_by: string;
  created_at: string;
  /** Most dossiers the automatic assignment may give this reviewer (null: the call's limit). */
  max_load: number | null;
}

export interface ReviewerPreferenceTable {
  dossier_id: string;
  reviewer_id: string;
  level: "interested" | "neutral" | "not";
  updated_at: string;
}

export interface AssignmentRunTable {
  id: string;
  call_id: string;
  actor_id: string;
  at: string;
  explanation_json: string;
}

export interface SelectionMeetingTable {
  id: string;
  call_id: string;
  chair_id: string;
  /** The dossiers to discuss, in order. */
  agenda_json: string;
  /** The agenda's dossier under discussion (0-based). */
  position: number;
  /** Moves with every change: members' screens compare it to follow the chair. */
  revision: number;
  started_at: string;
  ended_at: string | null;
}

export interface ReviewReminderTable {
  call_id: string;
  reviewer_id: string;
  due_at: string;
  sent_at: string;
}

export interface ReviewAssignmentTable {
  dossier_id: string;
  reviewer_id: string;
  assigned_by: string;
  assigned_at: string;
}

export interface ConflictDeclarationTable {
  dossier_id: string;
  reviewer_id: string;
  reason: string;
  declared_at: string;
}

export interface ReviewTable {
  dossier_id: string;
  reviewer_id: string;
  scores_json: string;
  comment: string;
  opinion: string | null;
  updated_at: string;
  /** When the organiser chose to quote this review's comment in the decision letter (null: kept internal). */
  shared_at: string | null;
}

export interface DossierFactTable {
  dossier_id: string;
  call_id: string;
  name: string;
  region: string | null;
  departement: string | null;
  stage: string | null;
  operating_since: number | null;
  sectors: string;
  charter: number | null;
  hosts_visit: number | null;
  /** French order key of the name (lib/french-sort.ts), indexed with the call for the list's name sort. */
  sort_key: string;
  /** The last submission's instant; "" never submitted. */
  submitted_at: string;
  /** The overall score; -1 without one (sorted last). */
  score_key: number;
  /** The dossier's state, kept by the lifecycle (applyTransition) so that filtered lists count the facts alone. */
  state: string;
  // Outside this type: `tsv` on PostgreSQL (the text's vector, migration 029) and `row` on SQLite (028).
}

export interface AppSettingTable {
  key: string;
  value: string;
}

export interface CallInvitationTable {
  id: string;
  call_id: string;
  dossier_id: string | null;
  role: "reviewer" | "expert" | "organiser";
  email: string;
  token_hash: string;
  invited_by: string;
  created_at: string;
  expires_at: string;
  accepted_at: string | null;
  accepted_by: string | null;
}

export interface DossierNoteTable {
  id: string;
  dossier_id: string;
  author_id: string;
  body: string;
  created_at: string;
}

export interface DossierLabelTable {
  dossier_id: string;
  call_id: string;
  label: string;
  added_by: string;
  added_at: string;
}

export interface SavedViewTable {
  id: string;
  user_id: string;
  call_id: string;
  name: string;
  query: string;
  created_at: string;
}

export interface MessageTable {
  id: string;
  dossier_id: string;
  author_id: string;
  side: "applicant" | "team";
  body: string;
  attachments_json: string; // [{id, name, mime, size, storageKey}]
  created_at: string;
}

export interface MessageReadTable {
  dossier_id: string;
  user_id: string;
  read_at: string;
}

export interface ReviewCommentTable {
  id: string;
  dossier_id: string;
  author_id: string;
  body: string;
  created_at: string;
}

export interface DossierScoreTable {
  dossier_id: string;
  call_id: string;
  overall: number | null;
  reviewers: number;
  disagreement: number;
}

export interface LetterTemplateTable {
  call_id: string;
  decision: "accepted" | "declined" | "waitlisted";
  subject: string;
  body: string;
  updated_by: string;
  updated_at: string;
}

export interface DecisionAnswerTable {
  transition_id: string;
  dossier_id: string;
  call_id: string;
  decision: "accepted" | "declined" | "waitlisted";
  reasons: string;
  subject: string;
  body: string;
  sent_by: string;
  sent_at: string;
}

export interface CallSettingTable {
  call_id: string;
  key: string;
  value: string;
}

export interface ExportJobTable {
  id: string;
  call_id: string;
  user_id: string;
  format: "csv" | "xlsx" | "zip";
  status: "pending" | "running" | "done" | "failed";
  done: number;
  total: number;
  storage_key: string | null;
  filename: string | null;
  size: number | null;
  error: string | null;
  created_at: string;
  finished_at: string | null;
  /** The list's query it exports (null: the whole call). */
  query: string | null;
}

export interface CharterTextTable {
  id: string;
  version: number;
  title: string;
  body: string;
  placeholder: number;
  created_by: string | null;
  created_at: string;
}

export interface CharterSignatureTable {
  id: string;
  organization_id: string;
  text_id: string;
  sha256: string;
  signatory_name: string;
  signatory_role: string;
  organisation_name: string;
  signed_by: string;
  signed_at: string;
  committee_informed_on: string | null;
  committee_informed_at: string | null;
  kit_sent_at: string | null;
  logo_authorised_at: string | null;
  directory_opt_in: number;
  directory_description: string | null;
  territory: string | null;
}

export interface CommunityFileTable {
  id: string;
  kind: "kit" | "sheet_template";
  name: string;
  mime: string;
  size: number;
  storage_key: string;
  uploaded_by: string;
  uploaded_at: string;
}

export interface MemberProfileTable {
  call_id: string;
  organization_id: string;
  description: string;
  hosts: number;
  visit_experiences: string;
  host_from: string | null;
  host_to: string | null;
  updated_by: string | null;
  updated_at: string;
}

export interface HostRequestTable {
  id: string;
  call_id: string;
  organization_id: string;
  month: string;
  message: string;
  sent_by: string;
  sent_at: string;
}

export interface CommunityEventTable {
  id: string;
  call_id: string;
  kind: "visit" | "meeting";
  status: "planned" | "published" | "cancelled";
  title: string;
  starts_at: string;
  ends_at: string;
  host_org_id: string | null;
  address: string;
  programme: string;
  capacity: number;
  report: string | null;
  report_at: string | null;
  sequence: number;
  created_by: string;
  created_at: string;
  updated_at: string;
  /** Hours before the start the reminder goes (null: the day before). */
  reminder_hours: number | null;
  /** Words the organiser adds to the reminder. */
  reminder_text: string | null;
  /** The code shown at the door: a participant types it on their phone to record their presence. */
  checkin_code: string | null;
  /** A visit's report and sheets are due by this civil date (null: three weeks after it). */
  capture_due: string | null;
  capture_reminded_at: string | null;
}

export interface EventRegistrationTable {
  event_id: string;
  user_id: string;
  organization_id: string;
  status: "registered" | "waitlisted" | "cancelled";
  registered_at: string;
  attended: number | null;
  reminded_at: string | null;
  checked_in_at: string | null;
}

export interface ThreadSubscriptionTable {
  thread_id: string;
  user_id: string;
  level: "watch" | "normal" | "mute";
  updated_at: string;
}

export interface CharterSigningTable {
  id: string;
  signature_id: string;
  organization_id: string;
  text_id: string;
  version: number;
  sha256: string;
  signatory_name: string;
  signatory_role: string;
  signed_by: string;
  signed_at: string;
}

export interface ThreadTable {
  id: string;
  call_id: string;
  event_id: string | null;
  theme: string;
  title: string;
  created_by: string;
  created_at: string;
  last_post_at: string;
}

export interface PostTable {
  id: string;
  thread_id: string;
  author_id: string;
  organization_id: string | null;
  body: string;
  attachments_json: string;
  mentions_json: string;
  created_at: string;
}

export interface NotificationPrefTable {
  user_id: string;
  call_id: string;
  mode: "immediate" | "digest" | "none";
  digest_sent_on: string | null;
}

export interface SheetTable {
  id: string;
  call_id: string;
  organization_id: string | null;
  event_id: string | null;
  status: "draft" | "reviewed" | "published" | "public";
  title: string;
  content_json: string;
  themes: string;
  territory: string | null;
  created_by: string;
  created_at: string;
  updated_at: string;
  published_at: string | null;
}

export interface IndicatorTable {
  id: string;
  call_id: string;
  /** The standard ones: jobsCreated, jobsSecured, peopleSupported, trainings; the community's own: their own key. */
  key: string;
  label: string;
  unit: string;
  baseline: number | null;
  target: number | null;
  aggregation: "sum" | "mean";
  position: number;
  created_by: string;
  created_at: string;
}

export interface IndicatorValueTable {
  indicator_id: string;
  organization_id: string;
  year: number;
  value: number;
  declared_by: string;
  declared_at: string;
}

export interface IndicatorReminderTable {
  call_id: string;
  organization_id: string;
  year: number;
  sent_at: string;
}

export interface ImpactIndicatorTable {
  call_id: string;
  organization_id: string;
  year: number;
  jobs_created: number;
  jobs_secured: number;
  people_supported: number;
  trainings: number;
  declared_by: string;
  declared_at: string;
}

/** better-auth's own tables (created by its migrations); only the columns we read. */
export interface UserTable {
  id: string;
  name: string;
  email: string;
  emailVerified: number | boolean;
  role: string | null;
  locale: string | null;
  createdAt: string | Date;
  updatedAt: string | Date;
  image: string | null;
  twoFactorEnabled: number | boolean | null;
}
export interface SessionTable {
  id: string;
  token: string;
  userId: string;
  expiresAt: string | Date;
  createdAt: string | Date;
  updatedAt: string | Date;
  ipAddress: string | null;
  userAgent: string | null;
}
export interface AccountTable {
  id: string;
  userId: string;
  accountId: string;
  providerId: string;
  password: string | null;
}
export interface VerificationTable {
  id: string;
  identifier: string;
  value: string;
  expiresAt: string | Date;
}
export interface TwoFactorTable {
  id: string;
  userId: string;
  secret: string;
  backupCodes: string;
}

export interface ThrottleTable {
  key: string;
  hits: number;
  window_start: number;
  next_at: number;
}

export interface AccessLogTable {
  id: string;
  at: string;
  actor_id: string;
  actor_role: string;
  action: string;
  call_id: string | null;
  dossier_id: string | null;
  organization_id: string | null;
  detail: string | null;
}

export interface PurgeRecordTable {
  id: string;
  call_id: string;
  dossier_id: string;
  organisation_name: string;
  reason: string;
  purged_at: string;
}

export interface CacheEventTable {
  id: string;
  scope: string;
  key: string;
  at: number;
}

export interface ScheduleClaimTable {
  task: string;
  slot: string;
  claimed_by: string;
  claimed_at: string;
}

export interface CallStateCountTable {
  call_id: string;
  state: string;
  shard: number;
  n: number;
}

export interface ApiTokenTable {
  id: string;
  user_id: string;
  name: string;
  token_hash: string;
  /** The last four characters of the secret, to tell tokens apart in the list. */
  hint: string;
  access: "read" | "write";
  call_ids_json: string;
  created_at: string;
  expires_at: string;
  last_used_at: string | null;
  revoked_at: string | null;
}

export interface ApiIdempotencyTable {
  token_id: string;
  key: string;
  request_hash: string;
  status: number;
  body: string;
  created_at: string;
}

export interface WebhookTable {
  id: string;
  call_id: string;
  url: string;
  secret: string;
  events_json: string;
  active: number;
  created_by: string;
  created_at: string;
}

export interface WebhookDeliveryTable {
  id: string;
  webhook_id: string;
  event: string;
  payload: string;
  state: "pending" | "delivered" | "failed";
  attempts: number;
  last_status: number | null;
  last_error: string | null;
  created_at: string;
  last_attempt_at: string | null;
  delivered_at: string | null;
  replay_of: string | null;
}

export interface DB {
  api_token: ApiTokenTable;
  api_idempotency: ApiIdempotencyTable;
  webhook: WebhookTable;
  webhook_delivery: WebhookDeliveryTable;
  call_state_count: CallStateCountTable;
  cache_event: CacheEventTable;
  schedule_claim: ScheduleClaimTable;
  throttle: ThrottleTable;
  access_log: AccessLogTable;
  purge_record: PurgeRecordTable;
  call: CallTable;
  form_version: FormVersionTable;
  organization: OrganizationTable;
  membership: MembershipTable;
  invitation: InvitationTable;
  dossier: DossierTable;
  answer: AnswerTable;
  answer_revision: AnswerRevisionTable;
  dossier_transition: DossierTransitionTable;
  submission: SubmissionTable;
  attachment: AttachmentTable;
  deadline_extension: DeadlineExtensionTable;
  job: JobTable;
  email: EmailTable;
  app_setting: AppSettingTable;
  pending_save: PendingSaveTable;
  reminder_sent: ReminderSentTable;
  dossier_search: DossierSearchTable;
  call_member: CallMemberTable;
  review_assignment: ReviewAssignmentTable;
  conflict_declaration: ConflictDeclarationTable;
  review: ReviewTable;
  reviewer_preference: ReviewerPreferenceTable;
  assignment_run: AssignmentRunTable;
  review_reminder: ReviewReminderTable;
  selection_meeting: SelectionMeetingTable;
  thread_subscription: ThreadSubscriptionTable;
  charter_signing: CharterSigningTable;
  dossier_fact: DossierFactTable;
  dossier_answer_fact: DossierAnswerFactTable;
  dossier_form_change: DossierFormChangeTable;
  call_invitation: CallInvitationTable;
  dossier_note: DossierNoteTable;
  dossier_label: DossierLabelTable;
  saved_view: SavedViewTable;
  message: MessageTable;
  message_read: MessageReadTable;
  review_comment: ReviewCommentTable;
  dossier_score: DossierScoreTable;
  letter_template: LetterTemplateTable;
  decision_answer: DecisionAnswerTable;
  call_setting: CallSettingTable;
  export_job: ExportJobTable;
  charter_text: CharterTextTable;
  charter_signature: CharterSignatureTable;
  community_file: CommunityFileTable;
  member_profile: MemberProfileTable;
  host_request: HostRequestTable;
  community_event: CommunityEventTable;
  event_registration: EventRegistrationTable;
  thread: ThreadTable;
  post: PostTable;
  notification_pref: NotificationPrefTable;
  sheet: SheetTable;
  impact_indicator: ImpactIndicatorTable;
  indicator: IndicatorTable;
  indicator_value: IndicatorValueTable;
  indicator_reminder: IndicatorReminderTable;
  user: UserTable;
  session: SessionTable;
  account: AccountTable;
  verification: VerificationTable;
  twoFactor: TwoFactorTable;
}
