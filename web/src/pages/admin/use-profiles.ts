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
