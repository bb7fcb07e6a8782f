import { notFound } from "../lib/route-helpers.server";
import type { Route } from "./+types/not-found";

export async function loader({ context }: Route.LoaderArgs) {
  notFound(context);
}

export async function action({ context }: Route.ActionArgs) {
  notFound(context);
}

export default function NotFound() {
  return null;
}
