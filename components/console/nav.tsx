'use client';
import Link from 'next/link';
import { usePathname, useSearchParams } from 'next/navigation';
import { clusterHref } from '@/lib/schemas/cluster';
import { MENU } from './menu';

export function ConsoleNav() {
  const pathname = usePathname();
  // The menu keeps the page's cluster (?cluster=), so that every section opens inside it.
  const cluster = useSearchParams().get('cluster');
  return (
    <nav aria-label="Main menu" className="w-56 shrink-0 border-r border-slate-200 bg-white print:hidden">
      <ul className="flex flex-col py-2">
        {MENU.map((item) => {
          const current = pathname === item.href || pathname.startsWith(`${item.href}/`);
          return (
            <li key={item.href}>
              <Link
                href={clusterHref(item.href, cluster)}
                aria-current={current ? 'page' : undefined}
                className={`block px-4 py-2 text-sm ${current ? 'bg-brand-50 font-semibold text-brand-800 border-l-4 border-brand-700' : 'text-slate-700 hover:bg-slate-100 border-l-4 border-transparent'}`}
              >
                {item.label}
              </Link>
            </li>
          );
        })}
      </ul>
    </nav>
  );
}
