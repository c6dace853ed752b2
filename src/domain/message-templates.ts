/**
 * Message templates (issue 17 part 3): which messages administrators may word,
 * their placeholders, validation (a code message must carry `{code}`, an SMS may
 * be at most three segments) and rendering. Pure: the catalog texts come in as
 * arguments, nothing here reads the database.
 */

/** The parts of a message an administrator can word. */
export type TemplatePart = 'emailSubject' | 'emailBody' | 'sms';
export const TEMPLATE_PARTS: readonly TemplatePart[] = ['emailSubject', 'emailBody', 'sms'];

export interface MessageKindDefinition {
  /** Catalog key of each part's default text (a kind without `sms` is sent by email only). */
  keys: Partial<Record<TemplatePart, string>>;
  /** Placeholders the text may use; anything else in braces is refused. */
  placeholders: readonly string[];
  /** A code message: every part must show `{code}`. */
  carriesCode: boolean;
}

const CODE = ['code', 'minutes', 'product', 'user'] as const;
const NOTICE = ['product', 'user', 'time'] as const;

/**
 * Every templated message: the two code messages and one per security notice.
 * Catalog keys are spelled out (a test checks each catalog key is used by code).
 */
export const MESSAGE_KINDS = {
  code_sign_in: {
    keys: {
      emailSubject: 'message.codeSignIn.emailSubject',
      emailBody: 'message.codeSignIn.emailBody',
      sms: 'message.codeSignIn.sms',
    },
    placeholders: CODE,
    carriesCode: true,
  },
  code_confirm: {
    keys: {
      emailSubject: 'message.codeConfirm.emailSubject',
      emailBody: 'message.codeConfirm.emailBody',
      sms: 'message.codeConfirm.sms',
    },
    placeholders: CODE,
    carriesCode: true,
  },
  factor_added: {
    keys: { emailSubject: 'notice.factorAdded.emailSubject', emailBody: 'notice.factorAdded.emailBody' },
    placeholders: [...NOTICE, 'factor'],
    carriesCode: false,
  },
  factor_removed: {
    keys: { emailSubject: 'notice.factorRemoved.emailSubject', emailBody: 'notice.factorRemoved.emailBody' },
    placeholders: [...NOTICE, 'factor'],
    carriesCode: false,
  },
  security_key_added: {
    keys: {
      emailSubject: 'notice.securityKeyAdded.emailSubject',
      emailBody: 'notice.securityKeyAdded.emailBody',
    },
    placeholders: [...NOTICE, 'factor'],
    carriesCode: false,
  },
  security_key_removed: {
    keys: {
      emailSubject: 'notice.securityKeyRemoved.emailSubject',
      emailBody: 'notice.securityKeyRemoved.emailBody',
    },
    placeholders: [...NOTICE, 'factor'],
    carriesCode: false,
  },
  mfa_disabled: {
    keys: { emailSubject: 'notice.mfaDisabled.emailSubject', emailBody: 'notice.mfaDisabled.emailBody' },
    placeholders: NOTICE,
    carriesCode: false,
  },
  backup_code_used: {
    keys: {
      emailSubject: 'notice.backupCodeUsed.emailSubject',
      emailBody: 'notice.backupCodeUsed.emailBody',
    },
    placeholders: [...NOTICE, 'remaining', 'remainingCodes'],
    carriesCode: false,
  },
  backup_codes_regenerated: {
    keys: {
      emailSubject: 'notice.backupCodesRegenerated.emailSubject',
      emailBody: 'notice.backupCodesRegenerated.emailBody',
    },
    placeholders: NOTICE,
    carriesCode: false,
  },
  backup_codes_expired: {
    keys: {
      emailSubject: 'notice.backupCodesExpired.emailSubject',
      emailBody: 'notice.backupCodesExpired.emailBody',
    },
    placeholders: NOTICE,
    carriesCode: false,
  },
  mfa_reset_by_admin: {
    keys: {
      emailSubject: 'notice.mfaResetByAdmin.emailSubject',
      emailBody: 'notice.mfaResetByAdmin.emailBody',
    },
    placeholders: NOTICE,
    carriesCode: false,
  },
  account_locked: {
    keys: { emailSubject: 'notice.accountLocked.emailSubject', emailBody: 'notice.accountLocked.emailBody' },
    placeholders: [...NOTICE, 'until'],
    carriesCode: false,
  },
  password_reset: {
    keys: { emailSubject: 'notice.passwordReset.emailSubject', emailBody: 'notice.passwordReset.emailBody' },
    placeholders: NOTICE,
    carriesCode: false,
  },
  password_changed: {
    keys: {
      emailSubject: 'notice.passwordChanged.emailSubject',
      emailBody: 'notice.passwordChanged.emailBody',
    },
    placeholders: NOTICE,
    carriesCode: false,
  },
  remembered_browser_reused: {
    keys: {
      emailSubject: 'notice.rememberedBrowserReused.emailSubject',
      emailBody: 'notice.rememberedBrowserReused.emailBody',
    },
    placeholders: NOTICE,
    carriesCode: false,
  },
} as const satisfies Record<string, MessageKindDefinition>;

export type MessageKind = keyof typeof MESSAGE_KINDS;
export const MESSAGE_KIND_NAMES = Object.keys(MESSAGE_KINDS) as MessageKind[];

export function isMessageKind(value: string): value is MessageKind {
  return Object.hasOwn(MESSAGE_KINDS, value);
}

/** The parts a kind has (code messages have an SMS text, notices go by email only). */
export function partsOf(kind: MessageKind): TemplatePart[] {
  const keys: Partial<Record<TemplatePart, string>> = MESSAGE_KINDS[kind].keys;
  return TEMPLATE_PARTS.filter((part) => keys[part] !== undefined);
}

/** The wording of one message: one text per part. */
export type Wording = Partial<Record<TemplatePart, string>>;

const PLACEHOLDER = /\{([A-Za-z]+)\}/g;

/** Fills `{name}` placeholders; a name without a value stays as written. */
export function fillPlaceholders(text: string, values: Record<string, string>): string {
  return text.replace(PLACEHOLDER, (whole, name: string) =>
    Object.hasOwn(values, name) ? values[name]! : whole,
  );
}

const HTML_ESCAPES: Record<string, string> = {
  '&': '&amp;',
  '<': '&lt;',
  '>': '&gt;',
  '"': '&quot;',
  "'": '&#39;',
};
const escapeText = (text: string) => text.replace(/[&<>"']/g, (c) => HTML_ESCAPES[c]!);

/**
 * An email body template as HTML paragraphs (blank lines separate them). The
 * administrator's text and every placeholder value are escaped separately; the
 * code is set large in monospace.
 */
export function renderBodyHtml(text: string, values: Record<string, string>): string {
  return text
    .split(/\n\s*\n/)
    .map((paragraph) => paragraph.trim())
    .filter(Boolean)
    .map((paragraph) => {
      let html = '';
      let last = 0;
      for (const match of paragraph.matchAll(PLACEHOLDER)) {
        html += escapeText(paragraph.slice(last, match.index));
        const name = match[1]!;
        if (!Object.hasOwn(values, name)) html += escapeText(match[0]);
        else if (name === 'code')
          html += `<strong style="font:bold 24px/1.2 ui-monospace,Menlo,Consolas,monospace;letter-spacing:3px">${escapeText(values[name]!)}</strong>`;
        else html += escapeText(values[name]!);
        last = match.index + match[0].length;
      }
      html += escapeText(paragraph.slice(last));
      return `<p style="margin:0 0 16px">${html.replace(/\n/g, '<br>')}</p>`;
    })
    .join('\n');
}

// GSM 03.38 basic character set (one septet each) and its extension table (two septets each).
const GSM_BASIC =
  '@£$¥èéùìòÇ\nØø\rÅåΔ_ΦΓΛΩΠΨΣΘΞÆæßÉ !"#¤%&\'()*+,-./0123456789:;<=>?¡ABCDEFGHIJKLMNOPQRSTUVWXYZÄÖÑÜ§¿abcdefghijklmnopqrstuvwxyzäöñüà';
const GSM_EXTENDED = '^{}\\[~]|€\f';

export interface SmsSize {
  encoding: 'GSM-7' | 'UCS-2';
  /** Septets (GSM-7) or UTF-16 code units (UCS-2). */
  units: number;
  segments: number;
}

/**
 * How an SMS travels: GSM-7 when every character is in the GSM alphabet (160
 * septets in one message, 153 per segment when concatenated; extension characters
 * take two), else UCS-2 (70 code units, 67 per segment) — Chinese is always UCS-2.
 * @example smsSize('123456 is your code') // { encoding: 'GSM-7', units: 19, segments: 1 }
 */
export function smsSize(text: string): SmsSize {
  let septets = 0;
  let gsm = true;
  for (const char of text) {
    if (GSM_BASIC.includes(char)) septets += 1;
    else if (GSM_EXTENDED.includes(char)) septets += 2;
    else {
      gsm = false;
      break;
    }
  }
  if (gsm)
    return { encoding: 'GSM-7', units: septets, segments: septets <= 160 ? 1 : Math.ceil(septets / 153) };
  const units = text.length;
  return { encoding: 'UCS-2', units, segments: units <= 70 ? 1 : Math.ceil(units / 67) };
}

export const MAX_SMS_SEGMENTS = 3;

export interface TemplateProblem {
  part: TemplatePart;
  message: string;
}

/**
 * Why a wording cannot be saved: an empty part, a placeholder the kind does not
 * offer, a code message part without `{code}`, an SMS over three segments once
 * filled with `sample` (the preview's values), an email subject over one line.
 */
export function validateWording(
  kind: MessageKind,
  wording: Wording,
  sample: Record<string, string>,
): TemplateProblem[] {
  const definition: MessageKindDefinition = MESSAGE_KINDS[kind];
  const problems: TemplateProblem[] = [];
  for (const part of TEMPLATE_PARTS) {
    const text = wording[part];
    if (text === undefined) continue;
    if (definition.keys[part] === undefined) {
      problems.push({ part, message: `${kind} has no ${part}` });
      continue;
    }
    if (!text.trim()) {
      problems.push({ part, message: 'must not be empty (reset it to use the default)' });
      continue;
    }
    const unknown = [...text.matchAll(PLACEHOLDER)]
      .map((m) => m[1]!)
      .filter((name) => !definition.placeholders.includes(name));
    if (unknown.length)
      problems.push({
        part,
        message: `unknown placeholder {${unknown[0]}}; allowed: ${definition.placeholders.map((p) => `{${p}}`).join(' ')}`,
      });
    if (definition.carriesCode && !text.includes('{code}'))
      problems.push({ part, message: 'a code message must contain {code}' });
    if (part === 'emailSubject' && /[\r\n]/.test(text))
      problems.push({ part, message: 'a subject is one line' });
    if (part === 'sms') {
      const size = smsSize(fillPlaceholders(text, sample));
      if (size.segments > MAX_SMS_SEGMENTS)
        problems.push({
          part,
          message: `too long: ${size.segments} SMS segments (${size.encoding}, ${size.units} units); at most ${MAX_SMS_SEGMENTS}`,
        });
    }
  }
  return problems;
}
