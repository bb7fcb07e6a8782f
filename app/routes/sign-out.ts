import { redirect } from "react-router";
import { redirectWithCookies, signOut } from "../auth/accounts.server";
import type { Route } from "./+types/sign-out";

export async function loader() {
  return redirect("/");
}

export async function action({ request, context }: Route.ActionArgs) {
  const cookies = await signOut(context.services.auth, context.services.db, request.headers);
  return redirectWithCookies("/", cookies);
}
