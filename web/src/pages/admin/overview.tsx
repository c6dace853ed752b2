import { AdoptionChart } from '../../components/adoption-chart.js';
import { Alert, Spinner } from '../../components/alert.js';
import { Icon, type IconName } from '../../components/icons.js';
import { api, describeError } from '../../lib/api.js';
import { useApp } from '../../lib/app-context.js';
import { formatDateTime } from '../../lib/format.js';
import { useLoad, useTitle } from '../../lib/hooks.js';
import { currentLocale, useTranslation } from '../../lib/i18n.js';
import type { AdminStats } from '../../lib/types.js';

/** `/admin`: adoption numbers and chart. */
export function OverviewPage() {
  const { config, current } = useApp();
  const { t } = useTranslation();
  const stats = useLoad(() => api.get<AdminStats>('/api/admin/stats'));
  useTitle(t('web.admin.overview.pageTitle'), config.productName);
  const data = stats.data;
  const share = data && data.users > 0 ? data.withMfa / data.users : 0;
  const percent = new Intl.NumberFormat(currentLocale(), { style: 'percent', maximumFractionDigits: 0 });
  return (
    <div class="page-grid">
      <div class="page-head">
        <div>
          <h1>{t('web.admin.overview.title')}</h1>
          <p class="muted">
            {current?.user.role === 'system_admin'
              ? t('web.admin.overview.subtitleSystem')
              : t('web.admin.overview.subtitleOrg')}
          </p>
        </div>
      </div>
      {stats.error && !data ? <Alert tone="error">{describeError(stats.error)}</Alert> : null}
      {!data && stats.loading && (
        <div class="card card-pad">
          <Spinner />
        </div>
      )}
      {data && (
        <>
          <MethodAlerts stats={data} />
          <div class="tiles">
            <Tile icon="users" label={t('web.admin.overview.users')} value={data.users} />
            <Tile
              icon="shield"
              label={t('web.admin.overview.withMfa')}
              value={data.withMfa}
              note={percent.format(share)}
              tone="good"
            />
            <Tile
              icon="alert"
              label={t('web.admin.overview.nonCompliant')}
              value={data.nonCompliant}
              note={
                data.inGracePeriod
                  ? t('web.admin.overview.inGrace', { count: data.inGracePeriod })
                  : undefined
              }
              tone={data.nonCompliant > 0 ? 'warn' : undefined}
              href="/admin/users?compliance=non_compliant"
            />
            <Tile
              icon="lock"
              label={t('web.admin.overview.locked')}
              value={data.locked}
              tone={data.locked > 0 ? 'bad' : undefined}
              href="/admin/users?locked=true"
            />
          </div>
          <section class="card card-pad" aria-labelledby="adoption-title">
            <h2 id="adoption-title">{t('web.admin.overview.adoption')}</h2>
            <AdoptionChart stats={data} />
          </section>
        </>
      )}
    </div>
  );
}

/**
 * Fail-closed alerts (SECURITY.md rule 23): users whom policy leaves without a usable
 * method cannot sign in at all, so the console says so first.
 */
function MethodAlerts({ stats }: { stats: AdminStats }) {
  const stranded = stats.strandedUsers ?? 0;
  const refused = stats.alerts ?? [];
  const { t } = useTranslation();
  if (stranded === 0 && refused.length === 0) return null;
  const last = refused[0];
  return (
    <Alert tone="error" title={t('web.admin.overview.strandedTitle')}>
      {stranded > 0 && <>{t('web.admin.overview.stranded', { count: stranded })} </>}
      {refused.length > 0 && (
        <>
          {last
            ? t('web.admin.overview.refusedLast', { count: refused.length, time: formatDateTime(last.at) })
            : t('web.admin.overview.refused', { count: refused.length })}{' '}
        </>
      )}
      {t('web.admin.overview.strandedFixBefore')} <a href="/admin/policy">{t('web.admin.nav.policy')}</a>
      {t('web.admin.overview.strandedFixAfter')}
    </Alert>
  );
}

function Tile({
  icon,
  label,
  value,
  note,
  tone,
  href,
}: {
  icon: IconName;
  label: string;
  value: number;
  note?: string | undefined;
  tone?: 'good' | 'warn' | 'bad' | undefined;
  href?: string;
}) {
  const inner = (
    <>
      <span class="tile-icon">
        <Icon name={icon} size={18} />
      </span>
      <span class="tile-label">{label}</span>
      <span class="tile-value">
        {value.toLocaleString(currentLocale())}
        {note && <span class="tile-note"> {note}</span>}
      </span>
    </>
  );
  return href ? (
    <a class={`tile${tone ? ` tile-${tone}` : ''}`} href={href}>
      {inner}
    </a>
  ) : (
    <div class={`tile${tone ? ` tile-${tone}` : ''}`}>{inner}</div>
  );
}
