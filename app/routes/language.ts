import { redirect } from "react-router";
import { LanguageForm } from "../auth/inputs.server";
import { parseForm } from "../http/parse-form.server";
import { safeRedirectTarget } from "../lib/route-helpers.server";
import type { Route } from "./+types/language";

export async function loader() {
  return redirect("/");
}

/** Remembers the chosen language for a year and returns to the page the person was on. */
export async function action({ request }: Route.ActionArgs) {
  const parsed = parseForm(await request.formData(), LanguageForm, "fr");
  const lang = parsed.ok ? parsed.value.lang : "fr";
  const referer = request.headers.get("referer");
  let back = "/";
  if (referer) {
    const url = new URL(referer);
    back = safeRedirectTarget(url.pathname + url.search, "/");
  }
  return redirect(back, { headers: { "Set-Cookie": `lang=${lang}; Path=/; Max-Age=31536000; SameSite=Lax; HttpOnly` } });
}
