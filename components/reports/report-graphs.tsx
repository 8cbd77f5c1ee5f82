import type { Series } from '@/lib/schemas/metrics';
import { TimeChart } from '@/components/charts/time-chart';

/** One service's or real server's graphs: connections, new connections per second, traffic. */
export function ReportGraphs({ series }: { series: { connections: Series[]; rate: Series[]; traffic: Series[] } }) {
  const name = series.connections[0].title.replace(/ - .*$/, '');
  return (
    <section aria-labelledby="graphs-title" className="flex flex-col gap-3">
      <h2 id="graphs-title" className="text-lg font-semibold text-slate-900">
        {name}
      </h2>
      <div className="grid gap-3 lg:grid-cols-2">
        <TimeChart title={`Connections: ${name}`} unit="" series={series.connections} names={['Active', 'Inactive']} />
        <TimeChart title={`New connections per second: ${name}`} unit="/s" series={series.rate} names={['New connections']} />
        <TimeChart
          title={`Traffic: ${name}`}
          unit="B/s"
          series={series.traffic}
          names={['In (clients to servers)', 'Out (servers to clients, NAT and SNAT only)']}
        />
      </div>
    </section>
  );
}
