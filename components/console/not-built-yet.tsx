import { MENU } from './menu';

/** The plain statement a section shows until it is built: what it will hold, and that it is not there yet. */
export function NotBuiltYet({ href }: { href: string }) {
  const item = MENU.find((m) => m.href === href);
  return (
    <section aria-labelledby="page-title" className="max-w-3xl">
      <h1 id="page-title" className="text-2xl font-semibold text-slate-900">
        {item?.label}
      </h1>
      <p className="mt-4 text-slate-700">{item?.summary}</p>
      <p className="mt-4 rounded border border-amber-300 bg-amber-50 px-3 py-2 text-sm text-amber-900">
        This section is not built yet. Nothing here changes your load balancer.
      </p>
    </section>
  );
}
