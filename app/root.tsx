import {
  Form,
  Link,
  Links,
  Meta,
  Outlet,
  Scripts,
  ScrollRestoration,
  isRouteErrorResponse,
  useLoaderData,
  useRouteError,
  useRouteLoaderData,
} from "react-router";
import type { Route } from "./+types/root";
import { t } from "./i18n/i18n";
import { useT } from "./ui/i18n";
import "./styles.css";
import { auditRate } from "./domain/accessibility/audit";

export async function loader({ context }: Route.LoaderArgs) {
  const user = context.user ? { name: context.user.name, role: context.user.role } : null;
  return { locale: context.locale, user, nonce: context.nonce };
}

export function meta() {
  return [{ title: "Trame" }];
}

export function links() {
  return [{ rel: "icon", href: "/favicon.svg", type: "image/svg+xml" }];
}

export function Layout({ children }: { children: React.ReactNode }) {
  const root = useRouteLoaderData("root") as Awaited<ReturnType<typeof loader>> | undefined;
  const locale = root?.locale ?? "fr";
  const nonce = root?.nonce;
  return (
    <html lang={locale}>
      <head>
        <meta charSet="utf-8" />
        <meta name="viewport" content="width=device-width, initial-scale=1" />
        <Meta />
        <Links />
      </head>
      <body>
        {children}
        <ScrollRestoration nonce={nonce} />
        <Scripts nonce={nonce} />
      </body>
    </html>
  );
}

function Header() {
  const { user } = useLoaderData<typeof loader>();
  const { t } = useT();
  return (
    <header className="site-header">
      <a className="skip-link" href="#main">
        {t("nav.skip")}
      </a>
      <div className="header-inner">
        <Link to="/" className="brand">
          {t("app.name")}
        </Link>
        <nav aria-label={t("nav.main")}>
          <ul className="nav-list">
            <li>
              <Link to="/">{t("nav.calls")}</Link>
            </li>
            {user ? (
              <>
                <li>
                  <Link to="/espace">{t("nav.dashboard")}</Link>
                </li>
                {user.role === "organiser" ? (
                  <li>
                    <Link to="/admin">{t("nav.admin")}</Link>
                  </li>
                ) : null}
                {user.role === "charter_partner" ? (
                  <li>
                    <Link to="/partenaire-charte">{t("nav.charterPartner")}</Link>
                  </li>
                ) : null}
                <li>
                  <Link to="/compte">{t("nav.account")}</Link>
                </li>
                <li>
                  <Form method="post" action="/deconnexion">
                    <button type="submit" className="link-button">
                      {t("nav.signOut")}
                    </button>
                  </Form>
                </li>
              </>
            ) : (
              <>
                <li>
                  <Link to="/connexion">{t("nav.signIn")}</Link>
                </li>
                <li>
                  <Link to="/inscription">{t("nav.signUp")}</Link>
                </li>
              </>
            )}
            <li>
              <Form method="post" action="/langue">
                <input type="hidden" name="lang" value={t("nav.language") === "English" ? "en" : "fr"} />
                <button
                  type="submit"
                  className="link-button"
                  lang={t("nav.language") === "English" ? "en" : "fr"}
                  aria-label={t("nav.languageLabel")}
                >
                  {t("nav.language")}
                </button>
              </Form>
            </li>
          </ul>
        </nav>
      </div>
    </header>
  );
}

function Footer() {
  const { t } = useT();
  return (
    <footer className="site-footer">
      <ul className="footer-links">
        <li>
          <Link to="/plan-du-site">{t("footer.siteMap")}</Link>
        </li>
        <li>
          <Link to="/confidentialite">{t("footer.privacy")}</Link>
        </li>
        <li>
          <Link to="/accessibilite">{t("footer.accessibility", { level: t(`accessibility.level.${auditRate().level}`) })}</Link>
        </li>
        <li>
          <Link to="/charte">{t("charter.title")}</Link>
        </li>
        <li>
          <Link to="/ptce-signataires">{t("directory.title")}</Link>
        </li>
      </ul>
    </footer>
  );
}

export default function App() {
  return (
    <>
      <Header />
      <main id="main" tabIndex={-1}>
        <Outlet />
      </main>
      <Footer />
    </>
  );
}

export function ErrorBoundary() {
  const error = useRouteError();
  const root = useRouteLoaderData("root") as Awaited<ReturnType<typeof loader>> | undefined;
  const locale = root?.locale ?? "fr";
  let message = t(locale, "error.server");
  let status = 500;
  if (isRouteErrorResponse(error)) {
    status = error.status;
    message = (error.data as { message?: string } | undefined)?.message ?? (status === 404 ? t(locale, "error.notFound") : message);
  }
  // The same skip link and header as every page, so that an error page reads like the others (RGAA 12.2, 12.7).
  return (
    <>
      <header className="site-header">
        <a className="skip-link" href="#main">
          {t(locale, "nav.skip")}
        </a>
        <div className="header-inner">
          <a href="/" className="brand">
            {t(locale, "app.name")}
          </a>
        </div>
      </header>
      <main id="main" className="page" tabIndex={-1}>
        <h1>{status === 404 ? t(locale, "error.notFound") : t(locale, "error.title")}</h1>
        {status !== 404 ? <p role="alert">{message}</p> : null}
        <p>
          <a href="/">{t(locale, "nav.calls")}</a>
        </p>
      </main>
    </>
  );
}
