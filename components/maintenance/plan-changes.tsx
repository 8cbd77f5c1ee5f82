import { Alert } from '@/components/ui/alert';

// What an import or a restore would add, change and remove, by text and colour (never colour alone).
export function PlanChanges({ plan }: { plan: { create: string[]; update: string[]; delete: string[] } }) {
  return (
    <>
      {(
        [
          ['Added', plan.create, 'text-green-800'],
          ['Changed', plan.update, 'text-amber-800'],
          ['Removed', plan.delete, 'text-red-800'],
        ] as const
      ).map(([title, items, color]) =>
        items.length ? (
          <div key={title}>
            <h3 className={`font-semibold ${color}`}>
              {title} ({items.length})
            </h3>
            <ul className="max-h-64 list-disc overflow-auto pl-5">
              {items.map((i) => (
                <li key={i}>{i}</li>
              ))}
            </ul>
          </div>
        ) : null,
      )}
    </>
  );
}

/** Why an import or a restore was refused: the first line, then each thing to fix (a file's lines, fields). */
export function RefusalAlert({ lines }: { lines: string[] }) {
  return (
    <Alert>
      <p>{lines[0]}</p>
      {lines.length > 1 ? (
        <ul className="mt-1 list-disc pl-5">
          {lines.slice(1).map((e) => (
            <li key={e}>{e}</li>
          ))}
        </ul>
      ) : null}
    </Alert>
  );
}
