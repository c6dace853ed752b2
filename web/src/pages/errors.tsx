import { AuthLayout } from '../components/auth-layout.js';
import { Icon } from '../components/icons.js';
import { useApp } from '../lib/app-context.js';
import { useTitle } from '../lib/hooks.js';

/** Shown to members who open an admin page. */
export function NotAllowedPage() {
  const { config } = useApp();
  useTitle('Not allowed', config.productName);
  return (
    <div class="narrow">
      <section class="card card-pad empty-state">
        <span class="empty-icon">
          <Icon name="lock" size={28} />
        </span>
        <h1>You’re not allowed to see this page</h1>
        <p class="muted">
          The admin console is for system and organization administrators. Ask one if you need access.
        </p>
        <a class="btn btn-primary" href="/security">
          Back to account security
        </a>
      </section>
    </div>
  );
}

export function NotFoundPage({ inShell = false }: { inShell?: boolean }) {
  const { config } = useApp();
  useTitle('Page not found', config.productName);
  const body = (
    <>
      <h1>Page not found</h1>
      <p class="muted">This address doesn’t lead anywhere.</p>
      <a class="btn btn-primary" href="/">
        Go home
      </a>
    </>
  );
  if (inShell)
    return (
      <div class="narrow">
        <section class="card card-pad empty-state">{body}</section>
      </div>
    );
  return (
    <AuthLayout>
      <div class="stack">{body}</div>
    </AuthLayout>
  );
}
