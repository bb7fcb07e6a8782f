import type { Migration, MigrationProvider } from "kysely";
import { initial } from "./001-initial";
import { pendingSave } from "./002-pending-save";
import { reminders } from "./003-reminders";
import { search } from "./004-search";
import { review } from "./005-review";
import { dossierFacts } from "./006-dossier-facts";
import { searchRows } from "./007-search-rows";
import { instruction } from "./008-instruction";
import { charterCommunity } from "./009-charter-community";
import { exchangesCapitalisation } from "./010-exchanges-capitalisation";
import { trust } from "./011-trust";
import { hostRequests } from "./012-host-requests";
import { dossierProfile } from "./013-dossier-profile";
import { callStudio } from "./014-call-studio";
import { answerFacts } from "./015-answer-facts";
import { formChanges } from "./016-form-changes";
import { sharedState } from "./017-shared-state";
import { listKeys } from "./018-list-keys";
import { answerSize } from "./019-answer-size";
import { api } from "./020-api";
import { reviewFlow } from "./021-review-flow";
import { queryExports } from "./022-query-exports";
import { selectionMeeting } from "./023-selection-meeting";
import { communityFollowUp } from "./024-community-follow-up";
import { indicatorModel } from "./025-indicator-model";
import { submissionRowCounts } from "./026-submission-row-counts";
import { factState } from "./027-fact-state";
import { factSearchRows } from "./028-fact-search-rows";
import { factSearchVector } from "./029-fact-search-vector";
import { openJobs } from "./030-open-jobs";
import { revisionWindow } from "./031-revision-window";

// Listed in a module rather than read from disk, so the bundled server finds them (ADR 002).
export const migrations: Record<string, Migration> = {
  "001-initial": initial,
  "002-pending-save": pendingSave,
  "003-reminders": reminders,
  "004-search": search,
  "005-review": review,
  "006-dossier-facts": dossierFacts,
  "007-search-rows": searchRows,
  "008-instruction": instruction,
  "009-charter-community": charterCommunity,
  "010-exchanges-capitalisation": exchangesCapitalisation,
  "011-trust": trust,
  "012-host-requests": hostRequests,
  "013-dossier-profile": dossierProfile,
  "014-call-studio": callStudio,
  "015-answer-facts": answerFacts,
  "016-form-changes": formChanges,
  "017-shared-state": sharedState,
  "018-list-keys": listKeys,
  "019-answer-size": answerSize,
  "020-api": api,
  "021-review-flow": reviewFlow,
  "022-query-exports": queryExports,
  "023-selection-meeting": selectionMeeting,
  "024-community-follow-up": communityFollowUp,
  "025-indicator-model": indicatorModel,
  "026-submission-row-counts": submissionRowCounts,
  "027-fact-state": factState,
  "028-fact-search-rows": factSearchRows,
  "029-fact-search-vector": factSearchVector,
  "030-open-jobs": openJobs,
  "031-revision-window": revisionWindow,
};

export const migrationProvider: MigrationProvider = {
  async getMigrations() {
    return migrations;
  },
};
