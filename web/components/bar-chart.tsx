import { useId } from 'react';

export type Bar = { label: string; value: number };

/**
 * A small column chart drawn as SVG. The picture is one labelled image for screen readers, and the
 * same numbers follow as a visually hidden table, so nothing is only visible.
 */
export function BarChart({
  bars,
  title,
  summary,
  valueLabel,
}: {
  bars: Bar[];
  title: string;
  summary: string;
  valueLabel: string;
}) {
  const id = useId();
  const width = 320;
  const height = 150;
  const top = 16;
  const bottom = 22;
  const plot = height - top - bottom;
  const max = Math.max(1, ...bars.map((bar) => bar.value));
  const slot = width / Math.max(1, bars.length);
  const barWidth = Math.min(36, slot * 0.6);

  return (
    <figure className="chart-figure">
      <svg
        className="chart"
        viewBox={`0 0 ${width} ${height}`}
        role="img"
        aria-labelledby={`${id}-title ${id}-desc`}
        preserveAspectRatio="xMidYMid meet"
      >
        <title id={`${id}-title`}>{title}</title>
        <desc id={`${id}-desc`}>{summary}</desc>
        <line className="chart__grid" x1={0} x2={width} y1={top + plot} y2={top + plot} />
        {bars.map((bar, index) => {
          const barHeight = (bar.value / max) * plot;
          const x = index * slot + (slot - barWidth) / 2;
          const y = top + plot - barHeight;
          return (
            <g key={bar.label}>
              <rect
                className={bar.value > 0 ? 'chart__bar' : 'chart__bar chart__bar--muted'}
                x={x}
                y={bar.value > 0 ? y : top + plot - 2}
                width={barWidth}
                height={bar.value > 0 ? barHeight : 2}
                rx={3}
              />
              {bar.value > 0 ? (
                <text className="chart__value" x={x + barWidth / 2} y={y - 4} textAnchor="middle">
                  {bar.value}
                </text>
              ) : null}
              <text className="chart__axis" x={x + barWidth / 2} y={height - 6} textAnchor="middle">
                {bar.label}
              </text>
            </g>
          );
        })}
      </svg>
      <table className="visually-hidden">
        <caption>{title}</caption>
        <thead>
          <tr>
            <th scope="col">Period</th>
            <th scope="col">{valueLabel}</th>
          </tr>
        </thead>
        <tbody>
          {bars.map((bar) => (
            <tr key={bar.label}>
              <th scope="row">{bar.label}</th>
              <td>{bar.value}</td>
            </tr>
          ))}
        </tbody>
      </table>
    </figure>
  );
}
