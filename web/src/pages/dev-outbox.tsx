import { useEffect, useState } from 'preact/hooks';
import { Alert, Badge } from '../components/alert.js';
import { CheckField } from '../components/field.js';
import { Icon, MethodIcon } from '../components/icons.js';
import { LogoMark } from '../components/logo.js';
import { api, describeError } from '../lib/api.js';
import { useApp } from '../lib/app-context.js';
import { copyText } from '../lib/download.js';
import { formatDateTime, formatRelative } from '../lib/format.js';
import { useLoad, useTitle } from '../lib/hooks.js';
import { useTranslation } from '../lib/i18n.js';
import type { OutboxMessage } from '../lib/types.js';

const REFRESH_MS = 3000;

/** The 6-digit codes in a message, to show them large. */
function codesIn(text: string): string[] {
  return Array.from(new Set(text.match(/\b\d{6}\b/g) ?? []));
}

/** `/dev/outbox`: what the server would have sent by email and SMS (development only). */
export function DevOutboxPage({ standalone = false }: { standalone?: boolean }) {
  const { config, notify } = useApp();
  const { t } = useTranslation();
  const [auto, setAuto] = useState(true);
  const outbox = useLoad(() => api.get<{ messages: OutboxMessage[] }>('/api/dev/outbox', { reauth: false }));
  useTitle(t('web.authLayout.devOutbox'), config.productName);
  useEffect(() => {
    if (!auto) return;
    const timer = setInterval(() => outbox.reload(), REFRESH_MS);
    return () => clearInterval(timer);
  }, [auto, outbox.reload]);

  const messages = outbox.data?.messages ?? [];
  const content = (
    <div class="page-grid">
      <div class="page-head">
        <div>
          <h1>{t('web.authLayout.devOutbox')}</h1>
          <p class="muted">{t('web.outbox.intro')}</p>
        </div>
        <div class="page-head-actions">
          <CheckField label={t('web.outbox.autoRefresh')} checked={auto} onChecked={setAuto} switchStyle />
          <button type="button" class="btn btn-secondary" onClick={() => outbox.reload()}>
            <Icon name="refresh" /> {t('web.outbox.refresh')}
          </button>
        </div>
      </div>
      {outbox.error ? <Alert tone="error">{describeError(outbox.error)}</Alert> : null}
      <section class="card" aria-label={t('web.outbox.messages')}>
        {messages.length === 0 ? (
          <p class="empty">
            {outbox.loading && !outbox.data ? t('web.outbox.loading') : t('web.outbox.empty')}
          </p>
        ) : (
          <ul class="outbox">
            {messages.map((message) => {
              const codes = codesIn(message.text);
              return (
                <li key={message.id} class="outbox-item">
                  <div class="outbox-head">
                    <span class="factor-icon">
                      <MethodIcon method={message.channel} />
                    </span>
                    <div class="outbox-who">
                      <p class="outbox-to">
                        <Badge tone={message.channel === 'email' ? 'brand' : 'neutral'}>
                          {message.channel === 'email' ? t('web.signIn.email') : 'SMS'}
                        </Badge>{' '}
                        {t('web.outbox.to')} <strong>{message.to}</strong>
                      </p>
                      {message.subject && <p class="outbox-subject">{message.subject}</p>}
                    </div>
                    <time class="outbox-time" dateTime={message.at} title={formatDateTime(message.at)}>
                      {formatRelative(message.at)}
                    </time>
                  </div>
                  {codes.length > 0 && (
                    <div class="outbox-codes">
                      {codes.map((code) => (
                        <button
                          key={code}
                          type="button"
                          class="outbox-code"
                          onClick={async () =>
                            notify(
                              (await copyText(code))
                                ? t('web.outbox.codeCopied')
                                : t('web.outbox.copyFailed'),
                            )
                          }
                        >
                          <code>{code}</code>
                          <span class="visually-hidden">{t('web.outbox.copyCode')}</span>
                          <Icon name="copy" size={16} />
                        </button>
                      ))}
                    </div>
                  )}
                  <pre class="outbox-text">{message.text}</pre>
                </li>
              );
            })}
          </ul>
        )}
      </section>
    </div>
  );
  if (!standalone) return content;
  return (
    <div class="shell">
      <header class="topbar">
        <div class="topbar-inner">
          <a href="/signin" class="brand">
            <LogoMark />
            <span class="logo-word">{config.productName}</span>
          </a>
          <nav class="nav" aria-label={t('web.shell.mainNav')}>
            <a class="nav-link" href="/signin">
              {t('web.signIn.title')}
            </a>
          </nav>
        </div>
      </header>
      <main class="page" id="main" tabIndex={-1}>
        {content}
      </main>
    </div>
  );
}
