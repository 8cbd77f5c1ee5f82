import Link from 'next/link';
import { ADMIN_STATE_LABELS, type RealServerDto } from '@/lib/schemas/real-server';
import type { VirtualServiceDto } from '@/lib/schemas/virtual-service';
import { LinkButton } from '@/components/ui/page-header';
import { DeleteRealServer } from '@/components/real-servers/delete-real-server';
import { TableHead } from '@/components/ui/table-head';

const COLUMNS = ['Label', 'IP Address', 'Port', 'Weight', 'Min Conns', 'Max Conns', 'State', 'Actions'];

/** One virtual service's real servers, with Add, Modify and Delete. */
export function ServiceRealServers({ service: vs, servers }: { service: VirtualServiceDto; servers: RealServerDto[] }) {
  return (
    <section id={`vs-${vs.id}`} aria-labelledby={`h-${vs.id}`}>
      <div className="mb-2 flex items-end justify-between">
        <h2 id={`h-${vs.id}`} className="text-lg font-semibold">
          {vs.label}{' '}
          <span className="text-sm font-normal text-slate-600">
            {vs.ip} {vs.ports}
          </span>
        </h2>
        <LinkButton href={`/cluster-configuration/real-servers/new?vs=${vs.id}`} variant="secondary">
          Add a new Real Server<span className="sr-only"> to {vs.label}</span>
        </LinkButton>
      </div>
      {servers.length === 0 ? (
        <p className="text-sm text-slate-700">No real servers yet.</p>
      ) : (
        <table className="w-full border-collapse bg-white text-sm">
          <caption className="sr-only">Real servers of {vs.label}</caption>
          <TableHead columns={COLUMNS} />
          <tbody>
            {servers.map((r) => (
              <tr key={r.id} className="border-b border-slate-200">
                <th scope="row" className="px-3 py-2 text-left font-medium">
                  {r.label}
                </th>
                <td className="px-3 py-2">{r.ip}</td>
                <td className="px-3 py-2">{r.port ?? '—'}</td>
                <td className="px-3 py-2">{r.weight}</td>
                <td className="px-3 py-2">{r.minConnections}</td>
                <td className="px-3 py-2">{r.maxConnections || 'unlimited'}</td>
                <td className="px-3 py-2">{ADMIN_STATE_LABELS[r.adminState]}</td>
                <td className="px-3 py-2">
                  <div className="flex gap-3">
                    <Link
                      href={`/cluster-configuration/real-servers/${r.id}`}
                      className="underline"
                      aria-label={`Modify ${r.label} of ${vs.label}`}
                    >
                      Modify
                    </Link>
                    <DeleteRealServer serviceId={vs.id} serviceLabel={vs.label} id={r.id} label={r.label} version={r.version} />
                  </div>
                </td>
              </tr>
            ))}
          </tbody>
        </table>
      )}
    </section>
  );
}
