/** A table's header row: one column header per name (an empty name for a column of buttons), scoped for screen readers. */
export function TableHead({ columns, cell = 'px-3 py-2' }: { columns: readonly string[]; cell?: string }) {
  return (
    <thead>
      <tr className="border-b border-slate-300 text-left">
        {columns.map((h, i) => (
          <th key={i} scope="col" className={cell}>
            {h}
          </th>
        ))}
      </tr>
    </thead>
  );
}
