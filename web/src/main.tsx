import { render } from 'preact';
import { App } from './app.js';
import { initialLocale, startI18n } from './lib/i18n.js';
import './styles.css';

const root = document.getElementById('app');
// The language before anything renders: this browser's choice or its own languages (the
// server's default and the user's saved choice apply once config and session are loaded).
const locale = initialLocale();
void startI18n(locale ?? 'en').then(() => {
  if (root) render(<App />, root);
});
