'use client';
// The header's cluster switcher (from two clusters on): a plain GET form, so it works with the keyboard and
// without script, and the page it opens carries ?cluster= (links and bookmarks stay in that cluster).
import { usePathname } from 'next/navigation';

export interface ClusterChoice {
  id: string;
  name: string;
  site: string;
}

/** A page about one object (a service, a real server) belongs to its cluster: another cluster opens the list. */
function listOf(pathname: string): string {
  const m = /^(\/cluster-configuration\/(?:virtual-services|real-servers))\/[^/]+/.exec(pathname);
  return m ? m[1] : pathname;
}

export function ClusterSwitcher({ choices, current }: { choices: ClusterChoice[]; current: string }) {
  const pathname = usePathname();
  return (
    <form method="get" action={listOf(pathname)} className="flex items-center gap-2">
      <label htmlFor="cluster-switcher">Cluster</label>
      <select id="cluster-switcher" name="cluster" defaultValue={current} className="rounded px-2 py-1 text-slate-900">
        {choices.map((c) => (
          <option key={c.id} value={c.id === 'default' ? 'default' : c.name}>
            {c.site ? `${c.name} (${c.site})` : c.name}
          </option>
        ))}
      </select>
      <button type="submit" className="rounded border border-white px-2 py-1">
        Show cluster
      </button>
    </form>
  );
}
