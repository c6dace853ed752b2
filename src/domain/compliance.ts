import type { EffectivePolicy, FactorType } from './policy.js';

/**
 * Where a user stands with the 2FA requirement:
 * - `enrolled`: has a confirmed factor among the methods allowed to them;
 * - `grace`: required, not enrolled, inside the grace period (until `deadline`);
 * - `non_compliant`: required, not enrolled, no grace left;
 * - `not_required`: not required and not enrolled.
 */
export type ComplianceStatus = 'enrolled' | 'grace' | 'non_compliant' | 'not_required';

export interface Compliance {
  status: ComplianceStatus;
  deadline: Date | null;
}

export function complianceOf(
  effective: Pick<EffectivePolicy, 'required' | 'allowedMethods' | 'enrollmentDeadline'>,
  mfaMethods: readonly string[],
): Compliance {
  const enrolled = mfaMethods.some((m) => effective.allowedMethods.includes(m as FactorType));
  if (enrolled) return { status: 'enrolled', deadline: null };
  if (!effective.required) return { status: 'not_required', deadline: null };
  if (effective.enrollmentDeadline) return { status: 'grace', deadline: effective.enrollmentDeadline };
  return { status: 'non_compliant', deadline: null };
}
