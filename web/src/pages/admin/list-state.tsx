import type { ComponentChildren } from 'preact';
import { Alert, Spinner } from '../../components/alert.js';
import { describeError } from '../../lib/api.js';

/**
 * A card's list as `useLoad` holds it: a spinner until the first answer, the error if the
 * last load failed, the `empty` line when there is nothing to list, else the list itself.
 */
export function ListState<T>({
  state,
  isEmpty,
  empty,
  children,
}: {
  state: { data?: T; error?: unknown; loading: boolean };
  isEmpty?: (data: T) => boolean;
  empty?: string;
  children: (data: T) => ComponentChildren;
}) {
  if (state.loading && !state.data)
    return (
      <div class="card-pad">
        <Spinner />
      </div>
    );
  if (state.error)
    return (
      <div class="card-pad">
        <Alert tone="error">{describeError(state.error)}</Alert>
      </div>
    );
  if (state.data === undefined || isEmpty?.(state.data))
    return empty === undefined ? null : <p class="empty">{empty}</p>;
  return <>{children(state.data)}</>;
}
