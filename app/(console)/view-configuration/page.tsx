import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/server/auth/session';
import { loadRenderInput } from '@/lib/server/configuration';
import { renderConfiguration } from '@/lib/render';

export const metadata: Metadata = { title: 'View Configuration' };

// GET /view-configuration - every artefact each director would run, from the current configuration
export default async function ViewConfigurationPage() {
  await requirePageUser();
  const input = await loadRenderInput();
  const rendered = renderConfiguration(input);
  const directors = Object.entries(rendered.directors);
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title" className="text-2xl font-semibold">View Configuration</h1>
      <p className="mt-2 max-w-3xl text-sm text-slate-700">
        What each director would run with the configuration as it is now. The same files come from <code>npm run cli -- render --out DIR</code>.
      </p>
      {directors.length === 0 ? (
        <p className="mt-6 text-slate-700">No director is configured yet, so there is nothing to render. Import a configuration with directors, or add them when the directors page is built.</p>
      ) : null}
      {directors.map(([name, files]) => (
        <section key={name} aria-labelledby={`dir-${name}`} className="mt-8">
          <h2 id={`dir-${name}`} className="mb-2 text-lg font-semibold">Director {name}</h2>
          <div className="flex flex-col gap-2">
            {Object.entries(files).map(([file, text]) => (
              <details key={file} className="rounded border border-slate-200 bg-white" open={file.endsWith('keepalived.conf')}>
                <summary className="cursor-pointer px-3 py-2 font-mono text-sm">{file}</summary>
                <pre aria-label={`${name} ${file}`} className="mx-3 mb-3 max-h-[32rem] overflow-auto rounded bg-slate-900 p-3 text-xs text-slate-100">{text}</pre>
              </details>
            ))}
          </div>
        </section>
      ))}
      {rendered.realServers.length ? (
        <section aria-labelledby="rs-title" className="mt-8">
          <h2 id="rs-title" className="mb-2 text-lg font-semibold">Real servers</h2>
          <p className="text-sm text-slate-700">Each real server&apos;s preparation (ARP methods for Direct Routing, default gateway for NAT) is on its Modify page under Layer 4 Real Servers.</p>
        </section>
      ) : null}
    </section>
  );
}
