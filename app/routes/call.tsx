import { useLoaderData } from "react-router";
import { callPageView } from "../domain/calls/call-page";
import { findCallBySlug } from "../domain/calls/calls.server";
import { notFound } from "../lib/route-helpers.server";
import { CallPresentation } from "../ui/call-presentation";
import type { Route } from "./+types/call";

export function meta({ data }: Route.MetaArgs) {
  return [{ title: data ? `${data.title} — Trame` : "Trame" }];
}

export async function loader({ params, context }: Route.LoaderArgs) {
  const call = await findCallBySlug(context.services.db, params.slug);
  // Published calls, and archived ones (still readable from the archive); drafts exist only in the studio.
  if (!call || call.status === "draft") notFound(context);
  return callPageView(
    {
      slug: call.slug,
      content: call.content,
      timeline: call.timeline,
      opensAt: call.opensAt,
      closesAt: call.closesAt,
      published: call.status === "published",
    },
    context.locale,
  );
}

export default function CallPage() {
  const d = useLoaderData<typeof loader>();
  return (
    <div className="page">
      <CallPresentation d={d} />
    </div>
  );
}
