import { AdoptionChart } from '../../components/adoption-chart.js';
import { Alert, Spinner } from '../../components/alert.js';
import { Icon, type IconName } from '../../components/icons.js';
import { api, describeError } from '../../lib/api.js';
import { useApp } from '../../lib/app-context.js';
import { useLoad, useTitle } from '../../lib/hooks.js';
import type { AdminStats } from '../../lib/types.js';

/** `/admin`: adoption numbers and chart. */
export function OverviewPage() {
  const { config, current } = useApp();
  const stats = useLoad(() => api.get<AdminStats>('/api/admin/stats'));
  useTitle('Admin overview', config.productName);
  const data = stats.data;
  const share = data && data.users > 0 ? Math.round((data.withMfa / data.users) * 100) : 0;
  return (
    <div class="page-grid">
      <div class="page-head">
        <div>
          <h1>Overview</h1>
          <p class="muted">
            Two-factor authentication across{' '}
            {current?.user.role === 'system_admin' ? 'the server' : 'your organization'}.
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
            <Tile icon="users" label="Users" value={data.users} />
            <Tile icon="shield" label="With 2FA" value={data.withMfa} note={`${share}%`} tone="good" />
            <Tile
              icon="alert"
              label="Non-compliant"
              value={data.nonCompliant}
              note={data.inGracePeriod ? `${data.inGracePeriod} in grace` : undefined}
              tone={data.nonCompliant > 0 ? 'warn' : undefined}
              href="/admin/users?compliance=non_compliant"
            />
            <Tile
              icon="lock"
              label="Locked"
              value={data.locked}
              tone={data.locked > 0 ? 'bad' : undefined}
              href="/admin/users?locked=true"
            />
          </div>
          <section class="card card-pad" aria-labelledby="adoption-title">
            <h2 id="adoption-title">Adoption</h2>
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
  if (stranded === 0 && refused.length === 0) return null;
  const last = refused[0];
  return (
    <Alert tone="error" title="Some users cannot sign in: no usable 2FA method">
      {stranded > 0 && (
        <>
          {stranded} {stranded === 1 ? 'user has' : 'users have'} or {stranded === 1 ? 'needs' : 'need'} a
          second factor, but the policy leaves no method that is enabled and can be delivered.{' '}
        </>
      )}
      {refused.length > 0 && (
        <>
          {refused.length} sign-in{refused.length === 1 ? ' was' : 's were'} refused for this reason
          {last ? ` (last ${new Date(last.at).toLocaleString()})` : ''}.{' '}
        </>
      )}
      Enable a method (or configure its mail/SMS provider) in the <a href="/admin/policy">2FA policy</a>, or
      reset the affected users.
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
        {value}
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
