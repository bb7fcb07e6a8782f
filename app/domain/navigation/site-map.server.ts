import { isCharterPartnerAccount, isPlatformOrganiser } from "../access/policy.server";
// The site map (RGAA 12.1, 12.3): every page a person can open, grouped, as their own space reads them.
// A second way around Trame beside the header's menu; it lists only what the person may see.
import type { Kdb } from "../../db/database.server";
import { localized } from "../../forms/definition";
import { t, type Locale, type MessageKey } from "../../i18n/i18n";
import { dossiersOfUser } from "../applications/dossiers.server";
import type { CallContent } from "../calls/call-content";
import { featuresOf } from "../calls/call-content";
import { listPublishedCalls } from "../calls/calls.server";
import { communitiesOf } from "../community/community.server";
import { organisationsOf } from "../organisations/organisations.server";
import { assignmentsOf, callsOrganisedBy } from "../review/team.server";

export interface SiteMapGroup {
  title: string;
  links: { href: string; label: string; children?: { href: string; label: string }[] }[];
}

export async function siteMapFor(db: Kdb, input: { user: { id: string; role: string } | null; locale: Locale }): Promise<SiteMapGroup[]> {
  const L = input.locale;
  const tr = (k: MessageKey, v?: Record<string, string | number>) => t(L, k, v);
  const calls = await listPublishedCalls(db);
  const groups: SiteMapGroup[] = [
    {
      title: tr("siteMap.public"),
      links: [
        {
          href: "/",
          label: tr("nav.calls"),
          children: calls.map((c) => ({ href: `/appels/${c.slug}`, label: localized(c.content.title, L) })),
        },
        { href: "/ptce-signataires", label: tr("directory.title") },
        { href: "/charte", label: tr("charter.title") },
        ...calls.map((c) => ({
          href: `/capitalisation/${c.id}`,
          label: tr("siteMap.publicSheets", { call: localized(c.content.title, L) }),
        })),
        { href: "/confidentialite", label: tr("footer.privacy") },
        { href: "/accessibilite", label: tr("accessibility.title") },
      ],
    },
  ];
  if (!input.user) {
    groups.push({
      title: tr("siteMap.account"),
      links: [
        { href: "/connexion", label: tr("nav.signIn") },
        { href: "/inscription", label: tr("nav.signUp") },
        { href: "/mot-de-passe-oublie", label: tr("siteMap.forgotPassword") },
      ],
    });
    return groups;
  }
  const userId = input.user.id;
  const [orgs, dossiers, assignments, organised, communities] = await Promise.all([
    organisationsOf(db, userId),
    dossiersOfUser(db, userId),
    assignmentsOf(db, userId),
    callsOrganisedBy(db, userId),
    communitiesOf(db, userId),
  ]);
  groups.push({
    title: tr("siteMap.mine"),
    links: [
      { href: "/espace", label: tr("nav.dashboard") },
      { href: "/compte", label: tr("nav.account") },
      ...orgs.map((o) => ({
        href: `/organisations/${o.id}`,
        label: o.name,
        children: [{ href: `/organisations/${o.id}/journal`, label: tr("siteMap.orgLog") }],
      })),
      ...dossiers.map((d) => ({
        href: `/dossiers/${d.id}`,
        label: tr("siteMap.dossier", { org: d.organization_name }),
        children: [
          { href: `/dossiers/${d.id}/messages`, label: tr("siteMap.messages") },
          { href: `/dossiers/${d.id}/historique`, label: tr("siteMap.history") },
        ],
      })),
      { href: "/organisations/nouvelle", label: tr("siteMap.newOrg") },
    ],
  });
  if (communities.length) {
    groups.push({
      title: tr("siteMap.communities"),
      links: communities.map((c) => {
        const base = `/communaute/${c.id}`;
        return {
          href: base,
          label: localized((JSON.parse(c.content_json) as CallContent).title, L),
          children: [
            { href: `${base}/echanges`, label: tr("siteMap.exchanges") },
            { href: `${base}/capitalisation`, label: tr("siteMap.sheets") },
            { href: `${base}/indicateurs`, label: tr("siteMap.indicators") },
          ],
        };
      }),
    });
  }
  if (assignments.length) groups.push({ title: tr("siteMap.reviews"), links: [{ href: "/instruction", label: tr("siteMap.myReviews") }] });
  if (isCharterPartnerAccount(input.user))
    groups.push({ title: tr("nav.charterPartner"), links: [{ href: "/partenaire-charte", label: tr("nav.charterPartner") }] });
  // Platform organisers run every published call; others the calls they were made organisers of.
  const run = isPlatformOrganiser(input.user)
    ? [
        ...organised,
        ...calls.filter((c) => !organised.some((o) => o.id === c.id)).map((c) => ({ id: c.id, content_json: JSON.stringify(c.content) })),
      ]
    : organised;
  if (isPlatformOrganiser(input.user) || run.length) {
    groups.push({
      title: tr("nav.admin"),
      links: [
        ...(isPlatformOrganiser(input.user) ? [{ href: "/admin", label: tr("nav.admin") }] : []),
        { href: "/admin/appels", label: tr("studio.calls.title") },
        ...run.map((c) => {
          const a = `/admin/appels/${c.id}`;
          const pages: [string, MessageKey][] = [
            ["", "callNav.dossiers"],
            ["/equipe", "callNav.team"],
            ["/classement", "callNav.ranking"],
            ["/selection", "callNav.selection"],
            ["/reponses", "callNav.answers"],
            ["/exports", "callNav.exports"],
            ["/delais", "callNav.deadlines"],
            ["/donnees", "siteMap.callData"],
            ["/studio", "studio.title"],
          ];
          return {
            href: a,
            label: localized((JSON.parse(c.content_json) as CallContent).title, L),
            children: [
              ...pages.map(([p, k]) => ({ href: `${a}${p}`, label: tr(k) })),
              // The community's pages only for calls that have one (issue 10).
              ...(featuresOf(JSON.parse(c.content_json) as CallContent).community
                ? [
                    { href: `/communaute/${c.id}`, label: tr("siteMap.community") },
                    { href: `/communaute/${c.id}/visites/planifier`, label: tr("plan.title") },
                    { href: `/communaute/${c.id}/participation`, label: tr("siteMap.participation") },
                  ]
                : []),
            ],
          };
        }),
        ...(isPlatformOrganiser(input.user)
          ? [
              { href: "/admin/charte", label: tr("siteMap.adminCharter") },
              { href: "/admin/courriels", label: tr("siteMap.emails") },
              { href: "/admin/journal", label: tr("siteMap.accessLog") },
            ]
          : []),
      ],
    });
  }
  return groups;
}
