import { ApiError, api } from '../../lib/api.js';
import { useLoad } from '../../lib/hooks.js';
import type { Organization } from '../../lib/types.js';

/** The organizations an admin can see (empty for org admins, whom the list route refuses). */
export function useOrgs() {
  return useLoad(async () => {
    try {
      const result = await api.get<
        { orgs?: Organization[]; organizations?: Organization[] } | Organization[]
      >('/api/admin/orgs');
      if (Array.isArray(result)) return result;
      return result.orgs ?? result.organizations ?? [];
    } catch (error) {
      if (error instanceof ApiError && (error.status === 403 || error.status === 404))
        return [] as Organization[];
      throw error;
    }
  });
}

export function orgName(orgs: readonly Organization[] | undefined, id: string | null | undefined): string {
  if (!id) return '—';
  return orgs?.find((o) => o.id === id)?.name ?? id;
}
