import { z } from 'zod';

/** The policy section of a method whose codes are delivered (email, SMS): on/off and the code's lifetime. */
export function deliveredCodePolicy<const Key extends 'email' | 'sms'>(key: Key, enabled: boolean) {
  return {
    key,
    defaults: { enabled, codeTtlSeconds: 300 } as { enabled: boolean; codeTtlSeconds: number },
    // SECURITY.md rule 7: a code lives 1–10 minutes.
    patch: z
      .strictObject({ enabled: z.boolean(), codeTtlSeconds: z.number().int().min(60).max(600) })
      .partial(),
  };
}
