import { CheckField } from '../../components/field.js';
import { sentence } from '../../lib/api.js';
import { useTranslation } from '../../lib/i18n.js';
import type { Organization } from '../../lib/types.js';
import { type OrgProfile, profileText } from './use-profiles.js';

/**
 * The organizations and organization profiles the `org_admins` / `organizations`
 * enforcement covers. Leaving both empty means every organization.
 */
export function EnforcementTargets({
  scope,
  orgs,
  profiles,
  organizationIds,
  profileIds,
  onOrganizationIds,
  onProfileIds,
  error,
}: {
  scope: 'org_admins' | 'organizations';
  orgs: readonly Organization[];
  profiles: readonly OrgProfile[];
  organizationIds: string[];
  profileIds: string[];
  onOrganizationIds: (ids: string[]) => void;
  onProfileIds: (ids: string[]) => void;
  error: (field: string) => string | undefined;
}) {
  const { t } = useTranslation();
  const toggle = (list: string[], id: string, on: boolean) =>
    on ? [...list, id] : list.filter((x) => x !== id);
  const none = organizationIds.length === 0 && profileIds.length === 0;
  return (
    <div class="stack">
      <p class="hint">
        {scope === 'org_admins' ? t('web.admin.targets.hintOrgAdmins') : t('web.admin.targets.hintMembers')}
        {none && <strong> {t('web.admin.targets.nowAll')}</strong>}
      </p>
      <fieldset class="org-picker">
        <legend>{t('web.admin.targets.profiles')}</legend>
        {profiles.length === 0 ? (
          <p class="muted">{t('web.admin.targets.noProfiles')}</p>
        ) : (
          <div class="checks">
            {profiles.map((profile) => (
              <CheckField
                key={profile.id}
                name="enforcement.profileIds"
                label={t('web.admin.targets.profile', {
                  name: profileText(profile, t).name,
                  count: profile.organizations,
                })}
                checked={profileIds.includes(profile.id)}
                onChecked={(on) => onProfileIds(toggle(profileIds, profile.id, on))}
              />
            ))}
          </div>
        )}
        {error('enforcement.profileIds') && (
          <p class="field-error">{sentence(error('enforcement.profileIds') ?? '')}</p>
        )}
      </fieldset>
      <fieldset class="org-picker">
        <legend>{t('web.admin.nav.orgs')}</legend>
        {orgs.length === 0 ? (
          <p class="muted">{t('web.admin.targets.noOrgs')}</p>
        ) : (
          <div class="checks">
            {orgs.map((org) => (
              <CheckField
                key={org.id}
                label={org.name}
                checked={organizationIds.includes(org.id)}
                onChecked={(on) => onOrganizationIds(toggle(organizationIds, org.id, on))}
              />
            ))}
          </div>
        )}
        {error('enforcement.organizationIds') && (
          <p class="field-error">{sentence(error('enforcement.organizationIds') ?? '')}</p>
        )}
      </fieldset>
    </div>
  );
}
