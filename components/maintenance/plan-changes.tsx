// What an import or a restore would add, change and remove, by text and colour (never colour alone).
export function PlanChanges({ plan }: { plan: { create: string[]; update: string[]; delete: string[] } }) {
  return (
    <>
      {([['Added', plan.create, 'text-green-800'], ['Changed', plan.update, 'text-amber-800'], ['Removed', plan.delete, 'text-red-800']] as const).map(([title, items, color]) =>
        items.length ? (
          <div key={title}>
            <h3 className={`font-semibold ${color}`}>{title} ({items.length})</h3>
            <ul className="max-h-64 list-disc overflow-auto pl-5">{items.map((i) => <li key={i}>{i}</li>)}</ul>
          </div>
        ) : null,
      )}
    </>
  );
}
