import { useLoaderData } from "react-router";
import { useT } from "../ui/i18n";
import { pageTitle } from "../ui/meta";
import type { Route } from "./+types/check-email";

export const meta = ({ matches }: { matches: readonly ({ id?: string; data?: unknown } | undefined)[] }) =>
  pageTitle(matches, "auth.checkEmail.title");

export async function loader({ request }: Route.LoaderArgs) {
  return { email: new URL(request.url).searchParams.get("email") ?? "" };
}

export default function CheckEmail() {
  const { email } = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <div className="page narrow">
      <h1>{t("auth.checkEmail.title")}</h1>
      <p role="status">{t("auth.checkEmail.body", { email })}</p>
    </div>
  );
}
