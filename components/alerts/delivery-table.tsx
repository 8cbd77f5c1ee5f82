import type { AlertDeliveryView } from '@/lib/schemas/alerts';
import { TableHead } from '@/components/ui/table-head';
import { FilterSelect } from '@/components/ui/filter-select';

const fmt = new Intl.DateTimeFormat('en-GB', { dateStyle: 'medium', timeStyle: 'medium', timeZone: 'UTC' });

/** What became of one attempt, in words (never colour alone). */
export function deliveryResult(d: Pick<AlertDeliveryView, 'ok' | 'status'>): string {
  return d.ok ? 'Delivered' : d.status === 'failed' ? 'Failed, given up' : 'Failed, will retry';
}

/** The delivery log's filter (Logs > Alert deliveries): by channel, by result, by words of the message. A plain GET form. */
export function DeliveryFilter({ channel, result, q, channels }: { channel: string; result: string; q: string; channels: string[] }) {
  return (
    <form method="get" aria-label="Filter the delivery log" className="mt-4 flex flex-wrap items-end gap-4">
      <input type="hidden" name="log" value="alerts" />
      <FilterSelect id="channel" label="Channel" value={channel} all="All channels" options={channels} />
      <FilterSelect
        id="result"
        label="Result"
        value={result}
        all="Any result"
        options={[
          { value: 'delivered', label: 'Delivered' },
          { value: 'failed', label: 'Failed' },
        ]}
      />
      <div className="flex flex-col gap-1">
        <label htmlFor="q" className="text-sm font-medium">
          Message contains
        </label>
        <input
          id="q"
          name="q"
          defaultValue={q}
          placeholder="e.g. GW02"
          className="rounded border border-slate-300 bg-white px-3 py-2 text-sm"
        />
      </div>
      <button type="submit" className="rounded border border-slate-300 bg-white px-4 py-2 text-sm">
        Filter
      </button>
    </form>
  );
}

/** Each delivery attempt, newest first, with what the server answered. */
export function DeliveryTable({ deliveries, caption = 'Alert delivery attempts' }: { deliveries: AlertDeliveryView[]; caption?: string }) {
  return (
    <table className="mt-4 w-full border-collapse bg-white text-left text-sm">
      <caption className="sr-only">{caption}</caption>
      <TableHead columns={['Time (UTC)', 'Channel', 'Message', 'Result']} />
      <tbody>
        {deliveries.map((d) => (
          <tr key={d.id} className="border-b border-slate-200 align-top">
            <td className="px-3 py-2 whitespace-nowrap">{fmt.format(new Date(d.at))}</td>
            <td className="px-3 py-2 break-all">{d.channel}</td>
            <td className="px-3 py-2">{d.subject}</td>
            <td className={`px-3 py-2 ${d.ok ? 'text-green-900' : 'text-red-800'}`}>
              <span className="font-semibold">{deliveryResult(d)}</span>
              {d.attempts > 1 ? ` (attempt ${d.attempts})` : ''}: {d.detail}
            </td>
          </tr>
        ))}
      </tbody>
    </table>
  );
}
