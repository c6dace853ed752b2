interface TableFootProps {
  loading: boolean;
  count: number;
  /** Singular noun for the count, e.g. "user" ("users" is derived). */
  noun: string;
  /** Cursor of the next page; no "Load more" without one. */
  cursor: string | null;
  onLoadMore: (cursor: string) => void;
}

/** The status line and "Load more" button under a cursor-paginated admin table. */
export function TableFoot({ loading, count, noun, cursor, onLoadMore }: TableFootProps) {
  return (
    <div class="table-foot">
      <span class="muted" role="status">
        {loading ? 'Loading…' : `${count} ${count === 1 ? noun : `${noun}s`} shown`}
      </span>
      {cursor && (
        <button type="button" class="btn btn-secondary" disabled={loading} onClick={() => onLoadMore(cursor)}>
          Load more
        </button>
      )}
    </div>
  );
}
