// The default call: AMI « PTCE Emploi et sécurisation des parcours socio-professionnels » (COORACE, 2015),
// reproduced from its application template (shared/seed/trame-ami-ptce-emploi-2015.txt). It ships as a call
// file (call.json, the format the studio exports and imports: app/domain/calls/call-file.ts), read here
// through the same reader as any imported call, and loaded open on first start.
//
// The template gives the deadline (2 March 2015), the answer date (30 March 2015) and the community
// period (from April 2015, at least two years, visits until about July 2017). Its opening date is not
// stated: we take 2 February 2015, four weeks before the deadline (documented in the README). Texts keep
// placeholders ({deadline}, {communityStart:month}…) filled from the timeline when the call is loaded.
import type { CallPackage } from "../../../app/domain/calls/call-content";
import { readCallFile } from "../../../app/domain/calls/call-file";
import raw from "./call.json?raw";

// Vite (the build, the tests) gives the file's text; tsx (the benchmark scripts) ignores « ?raw » and
// gives the parsed JSON: both are read as text, through the same checks.
const read = readCallFile(typeof raw === "string" ? raw : JSON.stringify(raw));
if (!read.ok) throw new Error(`content/calls/ptce-emploi-2015/call.json: ${read.reason}`);

export const ptceEmploi2015: CallPackage = {
  slug: read.file.slug ?? "ptce-emploi-2015",
  originalTimeline: read.file.timeline,
  content: read.file.content,
  form: read.file.form,
};
