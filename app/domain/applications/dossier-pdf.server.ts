// The dossier as a PDF: the receipt's copy of a submission, and the blank template of a call.
// An embedded TTF font (DejaVu Sans, shipped in assets/fonts with its licence) renders French text,
// « », accents and the narrow no-break space correctly; pdfkit wraps long answers.
import PDFDocument from "pdfkit";
import { join } from "node:path";
import type { CallContent, CallTimeline } from "../calls/call-content";
import { conditionHolds, isField, localized, type Answers, type FormDefinition } from "../../forms/definition";
import { fieldText } from "../../forms/field-types.server";
import { appRoot } from "../../lib/app-root.server";
import { formatParisDate, formatParisDateTime } from "../../lib/paris-time";
import { t, type Locale } from "../../i18n/i18n";
import { frenchSpacing } from "../../lib/typography";

export interface PdfAttachment {
  field_key: string;
  safe_name: string;
  size: number;
}

export interface DossierPdfInput {
  content: CallContent;
  timeline: CallTimeline;
  form: FormDefinition;
  answers: Answers | null; // null: blank template
  attachments: PdfAttachment[];
  organisationName?: string;
  submission?: { number: number; submittedAt: string };
  locale: Locale;
}

function fonts() {
  const dir = join(appRoot(), "assets", "fonts");
  return { regular: join(dir, "DejaVuSans.ttf"), bold: join(dir, "DejaVuSans-Bold.ttf") };
}

/** An A4 document with our fonts registered as "regular" and "bold", and its bytes once ended. */
const EMOJI =
  /(?:\p{RI}\p{RI}|\p{Extended_Pictographic}[\p{EMod}\uFE0F\u20E3]*(?:\u200D\p{Extended_Pictographic}[\p{EMod}\uFE0F\u20E3]*)*)/gu;
/** Emoji as a visible word: PDFs are printed and archived, where an empty box says nothing. */
export function withoutEmoji(text: string): string {
  return text.replace(EMOJI, "[émoji]").replace(/\uFE0F/g, "");
}

export function createPdf(options: { margin: number; title: string; author: string; bufferPages?: boolean }): {
  doc: PDFKit.PDFDocument;
  done: Promise<Buffer>;
} {
  const { regular, bold } = fonts();
  const doc = new PDFDocument({
    size: "A4",
    margin: options.margin,
    font: regular,
    bufferPages: options.bufferPages ?? false,
    info: { Title: options.title, Author: options.author },
  });
  doc.registerFont("regular", regular);
  doc.registerFont("bold", bold);
  // The embedded font has no emoji: each one (with its modifiers and joined parts) is written as a visible
  // « [émoji] » instead of an empty box, in every PDF (issue 9).
  const write = doc.text.bind(doc) as (...args: unknown[]) => PDFKit.PDFDocument;
  (doc as { text: unknown }).text = (text: unknown, ...rest: unknown[]) =>
    write(typeof text === "string" ? withoutEmoji(text) : text, ...rest);
  const chunks: Buffer[] = [];
  doc.on("data", (c: Buffer) => chunks.push(c));
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  return { doc, done };
}

export function renderDossierPdf(input: DossierPdfInput): Promise<Buffer> {
  const L = input.locale;
  const { doc, done } = createPdf({ margin: 56, title: localized(input.content.title, L), author: "Trame", bufferPages: true });

  const heading = (text: string, size: number) => {
    doc.moveDown(0.6).font("bold").fontSize(size).fillColor("#1a1a1a").text(frenchSpacing(text)).moveDown(0.3);
  };
  const para = (text: string, opts: { size?: number; color?: string } = {}) => {
    doc
      .font("regular")
      .fontSize(opts.size ?? 10)
      .fillColor(opts.color ?? "#1a1a1a")
      .text(frenchSpacing(text), { align: "left" });
  };
  const label = (text: string) => doc.moveDown(0.4).font("bold").fontSize(10).fillColor("#1a1a1a").text(frenchSpacing(text));

  doc
    .font("bold")
    .fontSize(16)
    .text(frenchSpacing(localized(input.content.title, L)));
  doc
    .font("regular")
    .fontSize(10)
    .fillColor("#444")
    .text(`${input.content.organiser} — ${t(L, "pdf.deadline", { date: formatParisDate(input.timeline.deadline, L) })}`);
  if (input.organisationName) para(`${t(L, "pdf.organisation")} : ${input.organisationName}`, { size: 11 });
  if (input.submission) {
    para(t(L, "pdf.submitted", { number: input.submission.number, date: formatParisDateTime(input.submission.submittedAt, L) }), {
      size: 10,
      color: "#444",
    });
  } else if (!input.answers) {
    para(t(L, "pdf.blankTemplate"), { size: 10, color: "#444" });
  }

  const answers = input.answers ?? {};
  for (const section of input.form.sections) {
    if (input.answers && !conditionHolds(section.showIf, answers)) continue;
    heading(localized(section.title, L), 13);
    if (section.intro) para(localized(section.intro, L), { color: "#444" });
    for (const item of section.items) {
      if (!isField(item)) {
        if (!input.answers) {
          if (item.title) label(localized(item.title, L));
          para(localized(item.body, L), { size: 9, color: "#444" });
        }
        continue;
      }
      if (input.answers && !conditionHolds(item.showIf, answers)) continue;
      label(localized(item.label, L));
      if (item.type === "files") {
        const files = input.attachments.filter((a) => a.field_key === item.key);
        para(
          files.length
            ? files.map((f) => `• ${f.safe_name} (${t(L, "common.kb", { n: Math.ceil(f.size / 1024) })})`).join("\n")
            : input.answers
              ? t(L, "pdf.noFile")
              : t(L, "pdf.attachHere"),
          { color: files.length ? "#1a1a1a" : "#666" },
        );
        continue;
      }
      if (!input.answers) {
        if (item.help) para(localized(item.help, L), { size: 9, color: "#666" });
        doc.moveDown(item.type === "longtext" ? 3 : 1);
        continue;
      }
      const text = fieldText(item, answers[item.key], L);
      para(text || t(L, "pdf.noAnswer"), { color: text ? "#1a1a1a" : "#666" });
    }
  }

  if (input.answers) {
    heading(t(L, "pdf.attachments"), 12);
    para(
      input.attachments.length
        ? input.attachments.map((a) => `• ${a.safe_name} (${t(L, "common.kb", { n: Math.ceil(a.size / 1024) })})`).join("\n")
        : t(L, "pdf.noFile"),
    );
  }

  const range = doc.bufferedPageRange();
  for (let i = range.start; i < range.start + range.count; i++) {
    doc.switchToPage(i);
    const bottom = doc.page.margins.bottom;
    doc.page.margins.bottom = 0; // the footer sits in the margin: do not let it open a new page
    doc
      .font("regular")
      .fontSize(8)
      .fillColor("#666")
      .text(t(L, "pdf.page", { n: i + 1, total: range.count }), 56, doc.page.height - 40, { align: "center", lineBreak: false });
    doc.page.margins.bottom = bottom;
  }
  doc.end();
  return done;
}
