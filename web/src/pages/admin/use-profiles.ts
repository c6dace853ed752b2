import type { TFunction } from 'i18next';
import { ApiError, api } from '../../lib/api.js';
import { useLoad } from '../../lib/hooks.js';
import type { ResponseOf } from '../../lib/types.js';

export type OrgProfile = ResponseOf<'/api/admin/org-profiles', 'get'>['profiles'][number];

/** The organization profiles (empty for org admins, whom the route refuses). */
export function useProfiles() {
  return useLoad(async () => {
    try {
      return (await api.get<{ profiles: OrgProfile[] }>('/api/admin/org-profiles')).profiles;
    } catch (error) {
      if (error instanceof ApiError && error.status === 403) return [] as OrgProfile[];
      throw error;
    }
  });
}

/**
 * A profile's name as shown: the built-in default profile, while it keeps the name and
 * description it was created with, is named and described in the UI's language.
 */
export function profileText(
  profile: { id: string; name: string; description?: string | null },
  t: TFunction,
) {
  const builtIn = profile.id === 'default' && profile.name === 'Default';
  return {
    name: builtIn ? t('web.admin.profiles.default') : profile.name,
    description:
      builtIn && profile.description === 'Organizations not placed in another profile'
        ? t('web.admin.profiles.defaultDescription')
        : (profile.description ?? ''),
  };
}
