import { ARP_METHODS, type RealServerPrep } from '@/lib/render/real-server-prep';

function Script({ title, name, text }: { title: string; name: string; text: string }) {
  return (
    <details className="rounded border border-slate-200 bg-white">
      <summary className="cursor-pointer px-3 py-2 text-sm font-medium">{title}</summary>
      <div className="px-3 pb-3">
        <a download={name} href={`data:text/x-shellscript;charset=utf-8,${encodeURIComponent(text)}`} className="text-sm underline">
          Download {name}
        </a>
        <pre className="mt-2 overflow-x-auto rounded bg-slate-900 p-3 text-xs text-slate-100">{text}</pre>
      </div>
    </details>
  );
}

/** How to prepare this real server, for the services it serves. */
export function RealServerPrepView({ prep }: { prep: RealServerPrep }) {
  return (
    <section aria-labelledby="prep-title" className="mt-8 max-w-4xl">
      <h2 id="prep-title" className="mb-2 text-lg font-semibold">
        Preparing {prep.ip}
      </h2>
      {prep.dr ? (
        <div className="mb-4 flex flex-col gap-2">
          <p className="text-sm text-slate-700">
            Direct Routing ({prep.dr.services.join(', ')}): the server must accept traffic for{' '}
            {[...prep.dr.vips4, ...prep.dr.vips6].join(', ')} without answering ARP for it. Use one of these four methods; the first is
            preferred.
          </p>
          {ARP_METHODS.map((m) => (
            <Script key={m.id} title={m.title} name={`lvs-dr-${m.id}-${prep.ip}.sh`} text={prep.dr!.scripts[m.id]} />
          ))}
        </div>
      ) : null}
      {prep.nat ? (
        <div className="flex flex-col gap-2">
          <p className="text-sm text-slate-700">
            NAT ({prep.nat.services.join(', ')}): the server&apos;s default gateway must be{' '}
            {prep.nat.gateway4 ?? prep.nat.gateway6 ?? 'a gateway floating IP (none is configured yet)'}.
          </p>
          <Script title="Default gateway" name={`lvs-nat-gateway-${prep.ip}.sh`} text={prep.nat.script} />
        </div>
      ) : null}
      {prep.snat ? (
        <p className="mt-4 text-sm text-slate-700">
          Layer 4 SNAT ({prep.snat.services.join(', ')}): nothing to change on this server (no ARP change, no route change). It sees every
          client’s connection coming from the active director’s own address, not from the client’s.
        </p>
      ) : null}
    </section>
  );
}
