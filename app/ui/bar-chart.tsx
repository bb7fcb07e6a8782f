// A small bar chart drawn as SVG (no script, no inline style), always with the same figures as a table.
import { TableScroll } from "./table-scroll";
export function BarChart({ title, series, unit }: { title: string; series: { label: string; value: number }[]; unit: string }) {
  const max = Math.max(1, ...series.map((s) => s.value));
  const barWidth = 48;
  const gap = 16;
  const height = 140;
  const width = Math.max(1, series.length) * (barWidth + gap) + gap;
  return (
    <figure className="bar-chart">
      <svg viewBox={`0 0 ${width} ${height + 40}`} width={width} height={height + 40} role="img" aria-label={title}>
        {series.map((s, i) => {
          const h = Math.round((s.value / max) * height);
          const x = gap + i * (barWidth + gap);
          return (
            <g key={s.label}>
              <rect x={x} y={height - h + 16} width={barWidth} height={h} fill="#2c63c6" />
              <text x={x + barWidth / 2} y={height - h + 12} textAnchor="middle" fontSize="12" fill="#1a1a1a">
                {s.value}
              </text>
              <text x={x + barWidth / 2} y={height + 34} textAnchor="middle" fontSize="12" fill="#1a1a1a">
                {s.label}
              </text>
            </g>
          );
        })}
      </svg>
      <figcaption>
        <TableScroll>
          <table className="data-table">
            <caption>{title}</caption>
            <thead>
              <tr>
                {series.map((s) => (
                  <th scope="col" key={s.label}>
                    {s.label}
                  </th>
                ))}
              </tr>
            </thead>
            <tbody>
              <tr>
                {series.map((s) => (
                  <td key={s.label}>
                    {s.value} {unit}
                  </td>
                ))}
              </tr>
            </tbody>
          </table>
        </TableScroll>
      </figcaption>
    </figure>
  );
}
