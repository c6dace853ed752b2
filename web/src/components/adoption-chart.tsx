import { useId } from 'preact/hooks';
import { methodName } from '../lib/format.js';
import type { AdminStats } from '../lib/types.js';

function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 100) : 0;
}

/**
 * 2FA adoption as an inline SVG: a donut for the share of users with 2FA, bars by method, and a
 * bar for non-compliant users. Each SVG has a title and description, and a data table follows.
 */
export function AdoptionChart({ stats }: { stats: AdminStats }) {
  const id = useId();
  const share = percent(stats.withMfa, stats.users);
  const radius = 54;
  const circumference = 2 * Math.PI * radius;
  const arc = (share / 100) * circumference;
  const methods = Object.entries(stats.byMethod).filter(([, count]) => typeof count === 'number');
  const bars: { key: string; label: string; value: number; tone: string }[] = [
    ...methods.map(([method, value]) => ({
      key: method,
      label: methodName(method),
      value,
      tone: `bar-${method}`,
    })),
    { key: 'nonCompliant', label: 'Non-compliant', value: stats.nonCompliant, tone: 'bar-bad' },
  ];
  const max = Math.max(1, stats.users, ...bars.map((b) => b.value));
  const rowHeight = 40;
  const labelWidth = 150;
  const chartWidth = 480;
  const barArea = chartWidth - labelWidth - 70;
  const barsHeight = bars.length * rowHeight;
  const summary = `${stats.withMfa} of ${stats.users} users (${share}%) have two-factor authentication. ${methods
    .map(([m, v]) => `${methodName(m)}: ${v}`)
    .join(', ')}. ${stats.nonCompliant} non-compliant, ${stats.locked} locked.`;

  return (
    <figure class="chart" aria-labelledby={`${id}-caption`}>
      <div class="chart-grid">
        <svg
          class="donut"
          viewBox="0 0 160 160"
          width="160"
          height="160"
          role="img"
          aria-labelledby={`${id}-dt ${id}-dd`}
        >
          <title id={`${id}-dt`}>Share of users with two-factor authentication</title>
          <desc id={`${id}-dd`}>
            {share}% — {stats.withMfa} of {stats.users} users
          </desc>
          <circle class="donut-track" cx="80" cy="80" r={radius} fill="none" stroke-width="18" />
          <circle
            class="donut-value"
            cx="80"
            cy="80"
            r={radius}
            fill="none"
            stroke-width="18"
            stroke-linecap={share > 0 && share < 100 ? 'round' : 'butt'}
            stroke-dasharray={`${arc} ${circumference}`}
            transform="rotate(-90 80 80)"
          />
          <text x="80" y="78" text-anchor="middle" class="donut-number">
            {share}%
          </text>
          <text x="80" y="100" text-anchor="middle" class="donut-label">
            with 2FA
          </text>
        </svg>
        <svg
          class="bars"
          viewBox={`0 0 ${chartWidth} ${barsHeight}`}
          width="100%"
          preserveAspectRatio="xMinYMin meet"
          role="img"
          aria-labelledby={`${id}-bt ${id}-bd`}
        >
          <title id={`${id}-bt`}>Users by 2FA method, and non-compliant users</title>
          <desc id={`${id}-bd`}>{bars.map((b) => `${b.label}: ${b.value}`).join(', ')}</desc>
          {bars.map((bar, index) => {
            const y = index * rowHeight;
            const width = Math.max(bar.value > 0 ? 4 : 0, (bar.value / max) * barArea);
            return (
              <g key={bar.key} transform={`translate(0 ${y})`}>
                <text x="0" y="24" class="bar-label">
                  {bar.label}
                </text>
                <rect x={labelWidth} y="10" width={barArea} height="18" rx="4" class="bar-track" />
                <rect x={labelWidth} y="10" width={width} height="18" rx="4" class={`bar ${bar.tone}`} />
                <text x={labelWidth + barArea + 10} y="24" class="bar-value">
                  {bar.value}
                  {stats.users > 0 && ` · ${percent(bar.value, stats.users)}%`}
                </text>
              </g>
            );
          })}
        </svg>
      </div>
      <figcaption id={`${id}-caption`} class="chart-caption">
        {summary}
      </figcaption>
      <details class="chart-data">
        <summary>Show the data as a table</summary>
        <table class="table table-compact">
          <caption class="visually-hidden">Two-factor authentication adoption</caption>
          <thead>
            <tr>
              <th scope="col">Group</th>
              <th scope="col">Users</th>
              <th scope="col">Share</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">All users</th>
              <td>{stats.users}</td>
              <td>100%</td>
            </tr>
            <tr>
              <th scope="row">With two-factor authentication</th>
              <td>{stats.withMfa}</td>
              <td>{share}%</td>
            </tr>
            {bars.map((bar) => (
              <tr key={bar.key}>
                <th scope="row">{bar.label}</th>
                <td>{bar.value}</td>
                <td>{percent(bar.value, stats.users)}%</td>
              </tr>
            ))}
            <tr>
              <th scope="row">Locked</th>
              <td>{stats.locked}</td>
              <td>{percent(stats.locked, stats.users)}%</td>
            </tr>
          </tbody>
        </table>
      </details>
    </figure>
  );
}
