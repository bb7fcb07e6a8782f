// What the account pages post, as schemas (issue 13).
import { z } from "zod";
import { trimmed } from "../http/parse-form.server";

/** An e-mail address as typed: trimmed and lower-cased (an empty one is the page's business). */
export const EmailForm = z.object({ email: trimmed(320).transform((s) => s.toLowerCase()) });
