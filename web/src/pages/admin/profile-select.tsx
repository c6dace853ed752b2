import { SelectField } from '../../components/field.js';
import { useTranslation } from '../../lib/i18n.js';
import { type OrgProfile, profileText } from './use-profiles.js';

/** A select of organization profiles (the default profile when the list has not loaded). */
export function ProfileSelect({
  profiles,
  value,
  onValue,
  error,
}: {
  profiles: readonly OrgProfile[];
  value: string;
  onValue: (profileId: string) => void;
  error?: string | undefined;
}) {
  const { t } = useTranslation();
  const options =
    profiles.length > 0
      ? profiles
      : [{ id: value, name: value === 'default' ? t('web.admin.profiles.default') : value }];
  return (
    <SelectField
      label={t('web.admin.profiles.profile')}
      name="profileId"
      value={value}
      onValue={onValue}
      error={error}
    >
      {options.map((p) => (
        <option key={p.id} value={p.id}>
          {profileText(p, t).name}
        </option>
      ))}
    </SelectField>
  );
}
