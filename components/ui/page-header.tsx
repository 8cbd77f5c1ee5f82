import Link from 'next/link';

export function PageHeader({
  title,
  crumbs = [],
  actions,
}: {
  title: string;
  crumbs?: { href: string; label: string }[];
  actions?: React.ReactNode;
}) {
  return (
    <div className="mb-6 flex flex-wrap items-end justify-between gap-4">
      <div>
        {crumbs.length ? (
          <nav aria-label="Breadcrumb" className="mb-1 text-sm text-slate-600">
            {crumbs.map((c, i) => (
              <span key={c.href}>
                {i > 0 ? ' › ' : ''}
                <Link href={c.href} className="underline hover:text-brand-800">
                  {c.label}
                </Link>
              </span>
            ))}
          </nav>
        ) : null}
        <h1 id="page-title" className="text-2xl font-semibold text-slate-900">
          {title}
        </h1>
      </div>
      {actions ? <div className="flex gap-2">{actions}</div> : null}
    </div>
  );
}

export function LinkButton({
  href,
  children,
  variant = 'primary',
}: {
  href: string;
  children: React.ReactNode;
  variant?: 'primary' | 'secondary';
}) {
  const style =
    variant === 'primary'
      ? 'bg-brand-700 text-white hover:bg-brand-800'
      : 'border border-slate-300 bg-white text-slate-800 hover:bg-slate-100';
  return (
    <Link href={href} className={`inline-flex items-center rounded px-4 py-2 text-sm font-medium ${style}`}>
      {children}
    </Link>
  );
}
