import type { ComponentChildren } from 'preact';
import { Badge } from '../../components/alert.js';
import { CheckField, Field, type FieldProps } from '../../components/field.js';
import { MethodIcon } from '../../components/icons.js';
import { fieldError } from '../../lib/api.js';
import { useApp } from '../../lib/app-context.js';
import { methodName } from '../../lib/format.js';
import { useTranslation } from '../../lib/i18n.js';
import type { FactorType } from '../../lib/types.js';

/** A whole-number setting with its unit after the input ("days", "seconds"). */
export function NumberField(props: Omit<FieldProps, 'type' | 'inputMode'>) {
  return <Field type="number" inputMode="numeric" {...props} />;
}

/**
 * The policy an organization profile or one organization sets for its members: "require for
 * all members", the grace period (blank: the system's) and the allowed methods, of those the
 * server offers. Field names (and the errors read for them) are `${prefix}gracePeriodDays`
 * and `${prefix}methods`, as the route's body nests them.
 */
export function PolicyFields({
  prefix,
  errors,
  requireAll,
  onRequireAll,
  requireAllHint,
  grace,
  onGrace,
  graceLabel,
  graceHint,
  methods,
  onMethods,
  methodsHint,
  systemMethods,
}: {
  prefix: '' | 'policy.';
  errors: Record<string, string>;
  requireAll: boolean;
  onRequireAll: (checked: boolean) => void;
  requireAllHint?: ComponentChildren;
  grace: string;
  onGrace: (value: string) => void;
  graceLabel: string;
  graceHint: string;
  methods: FactorType[];
  onMethods: (methods: FactorType[]) => void;
  methodsHint?: string;
  systemMethods: FactorType[];
}) {
  const { config } = useApp();
  const { t } = useTranslation();
  const methodsError = fieldError(errors, `${prefix}methods`);
  return (
    <div class="stack sub-settings">
      <CheckField
        label={t('web.admin.orgs.requireAll')}
        hint={requireAllHint}
        checked={requireAll}
        onChecked={onRequireAll}
        switchStyle
      />
      <NumberField
        label={graceLabel}
        hint={graceHint}
        suffix={t('web.admin.common.daysUnit')}
        name={`${prefix}gracePeriodDays`}
        value={grace}
        onValue={onGrace}
        error={fieldError(errors, `${prefix}gracePeriodDays`)}
      />
      <fieldset class="plain-fieldset">
        <legend>{t('web.admin.orgs.allowedMethods')}</legend>
        {methodsHint && <p class="hint">{methodsHint}</p>}
        <div class="checks">
          {config.factorTypes.map((type) => (
            <CheckField
              key={type}
              label={
                <span class="with-icon">
                  <MethodIcon method={type} size={16} /> {methodName(type)}
                  {!systemMethods.includes(type) && <Badge>{t('web.admin.orgs.offOnServer')}</Badge>}
                </span>
              }
              disabled={!systemMethods.includes(type)}
              checked={methods.includes(type) && systemMethods.includes(type)}
              onChecked={(checked) =>
                onMethods(checked ? [...methods, type] : methods.filter((m) => m !== type))
              }
            />
          ))}
        </div>
        {methodsError && <p class="field-error">{methodsError}</p>}
      </fieldset>
    </div>
  );
}
