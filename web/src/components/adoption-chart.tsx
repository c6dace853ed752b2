import { useId } from 'preact/hooks';
import { methodName } from '../lib/format.js';
import { currentLocale, useTranslation } from '../lib/i18n.js';
import type { AdminStats } from '../lib/types.js';

function percent(part: number, whole: number): number {
  return whole > 0 ? Math.round((part / whole) * 100) : 0;
}

/**
 * 2FA adoption: an inline SVG donut for the share of users with 2FA, and bars by method and for
 * non-compliant users (HTML, so their labels stay readable and wrap at 375 px). Each picture has a
 * title and description, and a data table follows.
 */
export function AdoptionChart({ stats }: { stats: AdminStats }) {
  const id = useId();
  const { t } = useTranslation();
  const number = new Intl.NumberFormat(currentLocale());
  const percentFormat = new Intl.NumberFormat(currentLocale(), {
    style: 'percent',
    maximumFractionDigits: 0,
  });
  const pct = (part: number, whole: number) => percentFormat.format(percent(part, whole) / 100);
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
    {
      key: 'nonCompliant',
      label: t('web.admin.overview.nonCompliant'),
      value: stats.nonCompliant,
      tone: 'bar-bad',
    },
  ];
  const max = Math.max(1, stats.users, ...bars.map((b) => b.value));
  const values = (list: { label: string; value: number }[]) =>
    list.map((b) => t('web.admin.chart.value', { label: b.label, value: number.format(b.value) })).join(', ');
  const summary = [
    t('web.admin.chart.summaryShare', {
      count: stats.withMfa,
      users: number.format(stats.users),
      share: pct(stats.withMfa, stats.users),
    }),
    methods.length > 0
      ? t('web.admin.chart.list', {
          list: values(methods.map(([m, v]) => ({ label: methodName(m), value: v }))),
        })
      : '',
    t('web.admin.chart.summaryState', {
      nonCompliant: number.format(stats.nonCompliant),
      locked: number.format(stats.locked),
    }),
  ]
    .filter(Boolean)
    .join(' ');

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
          <title id={`${id}-dt`}>{t('web.admin.chart.donutTitle')}</title>
          <desc id={`${id}-dd`}>
            {t('web.admin.chart.donutDesc', {
              count: stats.withMfa,
              users: number.format(stats.users),
              share: pct(stats.withMfa, stats.users),
            })}
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
            {pct(stats.withMfa, stats.users)}
          </text>
          <text x="80" y="100" text-anchor="middle" class="donut-label">
            {t('web.admin.chart.withMfa')}
          </text>
        </svg>
        {/* HTML, not SVG: the labels keep their font size on a narrow screen and wrap. */}
        <div class="bars" role="img" aria-labelledby={`${id}-bt ${id}-bd`}>
          <span id={`${id}-bt`} hidden>
            {t('web.admin.chart.barsTitle')}
          </span>
          <span id={`${id}-bd`} hidden>
            {values(bars)}
          </span>
          {bars.map((bar) => (
            <div key={bar.key} class="bar-row" aria-hidden="true">
              <span class="bar-label">{bar.label}</span>
              <span class="bar-track">
                <span
                  class={`bar ${bar.tone}`}
                  style={{ width: `${bar.value > 0 ? Math.max(2, (bar.value / max) * 100) : 0}%` }}
                />
              </span>
              <span class="bar-value">
                {number.format(bar.value)}
                {stats.users > 0 && ` · ${pct(bar.value, stats.users)}`}
              </span>
            </div>
          ))}
        </div>
      </div>
      <figcaption id={`${id}-caption`} class="chart-caption">
        {summary}
      </figcaption>
      <details class="chart-data">
        <summary>{t('web.admin.chart.showTable')}</summary>
        <table class="table table-compact">
          <caption class="visually-hidden">{t('web.admin.chart.tableCaption')}</caption>
          <thead>
            <tr>
              <th scope="col">{t('web.admin.chart.group')}</th>
              <th scope="col">{t('web.admin.overview.users')}</th>
              <th scope="col">{t('web.admin.chart.share')}</th>
            </tr>
          </thead>
          <tbody>
            <tr>
              <th scope="row">{t('web.admin.chart.allUsers')}</th>
              <td>{number.format(stats.users)}</td>
              <td>{percentFormat.format(1)}</td>
            </tr>
            <tr>
              <th scope="row">{t('web.admin.chart.withMfaLong')}</th>
              <td>{number.format(stats.withMfa)}</td>
              <td>{pct(stats.withMfa, stats.users)}</td>
            </tr>
            {bars.map((bar) => (
              <tr key={bar.key}>
                <th scope="row">{bar.label}</th>
                <td>{number.format(bar.value)}</td>
                <td>{pct(bar.value, stats.users)}</td>
              </tr>
            ))}
            <tr>
              <th scope="row">{t('web.admin.overview.locked')}</th>
              <td>{number.format(stats.locked)}</td>
              <td>{pct(stats.locked, stats.users)}</td>
            </tr>
          </tbody>
        </table>
      </details>
    </figure>
  );
}
