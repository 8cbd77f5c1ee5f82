import { clusterHref, clusterParamOf } from '@/lib/schemas/cluster';
import Link from 'next/link';
import { FORWARDING_LABELS, PROTOCOL_LABELS, virtualServiceWarnings, type VirtualServiceDto } from '@/lib/schemas/virtual-service';
import { DeleteVirtualService } from '@/components/virtual-services/delete-service';
import { TableHead } from '@/components/ui/table-head';
import { describeCheck } from '@/lib/schemas/health-check';

const COLUMNS = ['Label', 'IP Address', 'Ports', 'Protocol', 'Method', 'Persistence', 'Check', 'Real Servers', 'Actions'];

/** The Layer 4 virtual services, each with its warnings under its label, its real servers' count and its actions. */
export function VirtualServiceTable({ services, counts }: { services: VirtualServiceDto[]; counts: Map<string, number> }) {
  return (
    <table className="w-full border-collapse bg-white text-sm">
      <caption className="sr-only">Layer 4 virtual services</caption>
      <TableHead columns={COLUMNS} />
      <tbody>
        {services.map((s) => (
          <ServiceRow key={s.id} s={s} realServers={counts.get(s.id) ?? 0} />
        ))}
      </tbody>
    </table>
  );
}

function ServiceRow({ s, realServers }: { s: VirtualServiceDto; realServers: number }) {
  const warnings = virtualServiceWarnings(s);
  return (
    <tr className="border-b border-slate-200 align-top">
      <th scope="row" className="px-3 py-2 text-left font-medium">
        {s.label}
        {warnings.map((w) => (
          <p key={w} className="mt-1 text-xs font-normal text-amber-800">
            ⚠ {w}
          </p>
        ))}
      </th>
      <td className="px-3 py-2">{s.ip}</td>
      <td className="px-3 py-2">{s.ports}</td>
      <td className="px-3 py-2">{PROTOCOL_LABELS[s.protocol]}</td>
      <td className="px-3 py-2">{FORWARDING_LABELS[s.forwarding]}</td>
      <td className="px-3 py-2">{s.persistence.enabled ? `${s.persistence.timeout} s` : 'Off'}</td>
      <td className="px-3 py-2">{describeCheck(s.healthCheck)}</td>
      <td className="px-3 py-2">
        <Link
          href={clusterHref(`/cluster-configuration/real-servers?service=${s.id}`, clusterParamOf(s.clusterId))}
          className="underline"
          aria-label={`${realServers} real servers of ${s.label}`}
        >
          {realServers}
        </Link>
      </td>
      <td className="px-3 py-2">
        <div className="flex gap-3">
          <Link href={`/cluster-configuration/virtual-services/${s.id}`} className="underline" aria-label={`Modify ${s.label}`}>
            Modify
          </Link>
          <Link href={`/cluster-configuration/virtual-services/new?clone=${s.id}`} className="underline" aria-label={`Clone ${s.label}`}>
            Clone
          </Link>
          <DeleteVirtualService id={s.id} label={s.label} version={s.version} realServers={realServers} />
        </div>
      </td>
    </tr>
  );
}
