/** File types the instruction team may preview in the page (types are sniffed from content at upload). */
export const PREVIEWABLE = ["application/pdf", "image/png", "image/jpeg"];
