import { parsePhoneNumberFromString } from 'libphonenumber-js';
import type { DeliveryChannel } from '../delivery/types.js';
import { maskEmail, maskPhone } from './user-view.js';

/** A phone number in E.164 form (`+15551234567`) with its country calling code (`1`). */
export interface PhoneNumber {
  e164: string;
  countryCallingCode: string;
}

/**
 * Parses a phone number given in international form (`+` and country code;
 * spaces, dots, dashes and parentheses are allowed and dropped) into E.164, or
 * returns null. Uses libphonenumber's length rules per country ("possible"),
 * not its allocation tables ("valid"), so numbers from reserved test ranges
 * such as `+1 555 123 4567` pass.
 * @example normalizePhoneNumber('+1 (555) 123-4567') // { e164: '+15551234567', countryCallingCode: '1' }
 */
export function normalizePhoneNumber(input: string): PhoneNumber | null {
  const compact = input.replace(/[\s().-]/g, '');
  if (!/^\+[1-9]\d{1,14}$/.test(compact)) return null;
  const parsed = parsePhoneNumberFromString(compact);
  if (!parsed?.isPossible() || parsed.number !== compact) return null;
  return { e164: parsed.number, countryCallingCode: parsed.countryCallingCode };
}

/**
 * A recipient as answers and logs show it: `j***@e***.com`, `+1 *** *** **67`.
 * @example maskDestination('sms', '+15551234567') // '+1 *** *** **67'
 */
export function maskDestination(channel: DeliveryChannel, to: string): string {
  if (channel === 'email') return maskEmail(to);
  return maskPhone(to, normalizePhoneNumber(to)?.countryCallingCode);
}
