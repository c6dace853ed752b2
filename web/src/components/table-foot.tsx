import { useTranslation } from '../lib/i18n.js';

interface TableFootProps {
  loading: boolean;
  /** What is shown, counted and pluralised by the caller: "3 users shown". */
  shown: string;
  /** Cursor of the next page; no "Load more" without one. */
  cursor: string | null;
  onLoadMore: (cursor: string) => void;
}

/** The status line and "Load more" button under a cursor-paginated admin table. */
export function TableFoot({ loading, shown, cursor, onLoadMore }: TableFootProps) {
  const { t } = useTranslation();
  return (
    <div class="table-foot">
      <span class="muted" role="status">
        {loading ? t('web.admin.common.loading') : shown}
      </span>
      {cursor && (
        <button type="button" class="btn btn-secondary" disabled={loading} onClick={() => onLoadMore(cursor)}>
          {t('web.admin.common.loadMore')}
        </button>
      )}
    </div>
  );
}
