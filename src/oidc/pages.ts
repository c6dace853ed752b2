/**
 * The provider's own HTML pages (errors, sign-out), in Twofold's style. They load
 * nothing from any other host: styles are inline, there are no scripts or fonts.
 */

export function escapeHtml(value: unknown): string {
  return String(value)
    .replace(/&/g, '&amp;')
    .replace(/</g, '&lt;')
    .replace(/>/g, '&gt;')
    .replace(/"/g, '&quot;')
    .replace(/'/g, '&#39;');
}

const STYLE = `
*{box-sizing:border-box}
body{margin:0;min-height:100vh;display:flex;align-items:center;justify-content:center;background:#f5f6fa;color:#111827;
font:16px/1.5 system-ui,-apple-system,"Segoe UI",Roboto,sans-serif}
main{background:#fff;border:1px solid #e1e4ec;border-radius:14px;padding:32px;max-width:440px;width:calc(100% - 32px);
box-shadow:0 1px 2px rgba(17,24,39,.06)}
.brand{display:flex;align-items:center;gap:8px;font-weight:700;margin-bottom:20px;color:#4338ca}
.brand svg{width:28px;height:28px}
h1{font-size:1.35rem;margin:0 0 8px}
p{margin:0 0 16px;color:#556070}
.code{font-family:ui-monospace,monospace;font-size:.85rem;background:#f1f3f8;border-radius:6px;padding:2px 6px;color:#111827}
.actions{display:flex;flex-direction:column;gap:8px;margin-top:8px}
button,.btn{font:inherit;border-radius:8px;padding:10px 16px;border:1px solid #c9ceda;background:#fff;color:#111827;cursor:pointer;
text-align:center;text-decoration:none}
button.primary,.btn.primary{background:#4f46e5;border-color:#4f46e5;color:#fff}
button:focus-visible,.btn:focus-visible{outline:3px solid #a5b4fc;outline-offset:2px}
`;

const LOGO = `<svg viewBox="0 0 32 32" aria-hidden="true"><rect width="32" height="32" rx="8" fill="#4f46e5"/><path d="M10 16.5l4 4 8-9" fill="none" stroke="#fff" stroke-width="3" stroke-linecap="round" stroke-linejoin="round"/></svg>`;

/** A complete page: Twofold's frame around `body` (already escaped HTML). */
export function page(title: string, body: string): string {
  return `<!DOCTYPE html>
<html lang="en">
<head>
<meta charset="utf-8">
<meta name="viewport" content="width=device-width, initial-scale=1">
<meta name="referrer" content="no-referrer">
<title>${escapeHtml(title)} · Twofold</title>
<style>${STYLE}</style>
</head>
<body>
<main>
<div class="brand">${LOGO}<span>Twofold</span></div>
${body}
</main>
</body>
</html>`;
}

/** An error the provider shows instead of redirecting (unknown client, wrong redirect_uri …). */
export function errorPage(out: { error?: string; error_description?: string }): string {
  const description = out.error_description ?? 'The request could not be completed.';
  return page(
    'Sign-in problem',
    `<h1>This sign-in request cannot continue</h1>
<p>${escapeHtml(description)}</p>
<p>Error: <span class="code">${escapeHtml(out.error ?? 'server_error')}</span></p>
<p>Go back to the application and try again. If it keeps happening, tell its administrator.</p>`,
  );
}

/** The confirmation of an RP-initiated sign-out; `form` is the provider's hidden form. */
export function logoutPage(form: string, clientName: string | null): string {
  const from = clientName ? ` from ${escapeHtml(clientName)}` : '';
  return page(
    'Sign out',
    `<h1>Sign out${from}?</h1>
<p>You will be signed out of Twofold and of the applications you signed in to through it.</p>
${form}
<div class="actions">
<button autofocus class="primary" type="submit" form="op.logoutForm" value="yes" name="logout">Yes, sign me out</button>
<button type="submit" form="op.logoutForm">No, stay signed in</button>
</div>`,
  );
}

/** After a sign-out without a post-logout redirect. */
export function logoutSuccessPage(clientName: string | null): string {
  const from = clientName ? ` of ${escapeHtml(clientName)}` : '';
  return page(
    'Signed out',
    `<h1>You are signed out</h1>
<p>You signed out${from} and of Twofold. You can close this window.</p>
<div class="actions"><a class="btn" href="/signin">Sign in again</a></div>`,
  );
}
