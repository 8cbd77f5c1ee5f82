import type { PlanItem } from '@/lib/schemas/leostream-plan';

const ACTION_LABEL: Record<PlanItem['action'], string> = { create: 'Create', update: 'Change', delete: 'Remove', unchanged: 'Unchanged' };

/** The wizard's review: every object it creates, changes or removes, with what changes. */
export function PlanTable({ items }: { items: PlanItem[] }) {
  return (
    <table className="w-full border-collapse text-sm">
      <caption className="sr-only">What the wizard will save</caption>
      <thead>
        <tr className="border-b border-slate-300 text-left">
          <th scope="col" className="py-1 pr-3">
            Action
          </th>
          <th scope="col" className="py-1 pr-3">
            Object
          </th>
          <th scope="col" className="py-1 pr-3">
            Name
          </th>
          <th scope="col" className="py-1">
            Details
          </th>
        </tr>
      </thead>
      <tbody>
        {items.map((i, n) => (
          <tr key={n} className={`border-b border-slate-100 align-top ${i.action === 'unchanged' ? 'text-slate-500' : ''}`}>
            <td className="py-1 pr-3 font-medium">{ACTION_LABEL[i.action]}</td>
            <td className="py-1 pr-3">{i.kind}</td>
            <td className="py-1 pr-3">{i.service ? `${i.service} / ${i.name}` : i.name}</td>
            <td className="py-1">
              {i.details.length ? (
                <ul>
                  {i.details.map((d) => (
                    <li key={d}>{d}</li>
                  ))}
                </ul>
              ) : (
                '—'
              )}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
