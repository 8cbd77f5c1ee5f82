import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/server/auth/session';
import { currentRendering } from '@/lib/server/config/rendering';
import { pageCluster } from '@/lib/server/clusters/page-cluster';

export const metadata: Metadata = { title: 'View Configuration' };

/** Larger files are offered as downloads only: a 10,000-service keepalived.conf is tens of megabytes. */
const INLINE_LIMIT = 256 * 1024;
const size = (b: number) =>
  b >= 1024 * 1024 ? `${(b / 1024 / 1024).toFixed(1)} MB` : b >= 1024 ? `${(b / 1024).toFixed(0)} KB` : `${b} bytes`;
/** Lines of a text, counted without splitting it (a 10,000-service keepalived.conf has millions). */
function lineCount(t: string): number {
  let n = 0;
  for (let i = t.indexOf('\n'); i >= 0; i = t.indexOf('\n', i + 1)) n++;
  return t && !t.endsWith('\n') ? n + 1 : n;
}

// GET /view-configuration - every artefact each director would run, from the current configuration
export default async function ViewConfigurationPage({ searchParams }: { searchParams: Promise<{ cluster?: string }> }) {
  await requirePageUser();
  const cluster = await pageCluster((await searchParams).cluster);
  const { rendered } = await currentRendering(cluster.id);
  const directors = Object.entries(rendered.directors);
  return (
    <section aria-labelledby="page-title">
      <h1 id="page-title" className="text-2xl font-semibold">
        {cluster.param ? `View Configuration: ${cluster.name}` : 'View Configuration'}
      </h1>
      <p className="mt-2 max-w-3xl text-sm text-slate-700">
        What each director would run with the configuration as it is now. The same files come from{' '}
        <code>npm run cli -- render --out DIR</code>.
      </p>
      {directors.length === 0 ? (
        <p className="mt-6 text-slate-700">
          No director is configured yet, so there is nothing to render. Import a configuration with directors, or add them when the
          directors page is built.
        </p>
      ) : null}
      {directors.map(([name, files]) => (
        <section key={name} aria-labelledby={`dir-${name}`} className="mt-8">
          <h2 id={`dir-${name}`} className="mb-2 text-lg font-semibold">
            Director {name}
          </h2>
          <div className="flex flex-col gap-2">
            {Object.entries(files).map(([file, text]) => {
              const bytes = Buffer.byteLength(text);
              const download = `/api/v1/render/file?${new URLSearchParams({ director: name, path: file, cluster: cluster.id })}`;
              return (
                <details key={file} className="rounded border border-slate-200 bg-white" open={file.endsWith('keepalived.conf')}>
                  <summary className="cursor-pointer px-3 py-2 text-sm">
                    <span className="font-mono">{file}</span>{' '}
                    <span className="text-slate-600">
                      ({size(bytes)}, {lineCount(text).toLocaleString('en')} lines)
                    </span>
                  </summary>
                  <p className="mx-3 mb-2 text-sm">
                    <a href={download} download className="underline">
                      Download {file.split('/').pop()}
                      <span className="sr-only"> of {name}</span>
                    </a>
                  </p>
                  {bytes <= INLINE_LIMIT ? (
                    <pre
                      aria-label={`${name} ${file}`}
                      className="mx-3 mb-3 max-h-[32rem] overflow-auto rounded bg-slate-900 p-3 text-xs text-slate-100"
                    >
                      {text}
                    </pre>
                  ) : (
                    <p className="mx-3 mb-3 text-sm text-slate-700">Too large to show here ({size(bytes)}): download it.</p>
                  )}
                </details>
              );
            })}
          </div>
        </section>
      ))}
      {rendered.realServers.length ? (
        <section aria-labelledby="rs-title" className="mt-8">
          <h2 id="rs-title" className="mb-2 text-lg font-semibold">
            Real servers
          </h2>
          <p className="text-sm text-slate-700">
            Each real server&apos;s preparation (ARP methods for Direct Routing, default gateway for NAT) is on its Modify page under Layer
            4 Real Servers.
          </p>
        </section>
      ) : null}
    </section>
  );
}
