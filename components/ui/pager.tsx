// A list's search box and page links, as plain GET forms and links: the search and the page are in the
// URL (bookmarkable, back button works), and nothing needs JavaScript.
import Link from 'next/link';
import { PAGE_SIZE } from '@/lib/schemas/list-query';

type Params = Record<string, string | number | undefined>;

const href = (path: string, params: Params) => {
  // Page 1 is the list's own address; any other empty value is left out too (a search for "1" is kept).
  const q = new URLSearchParams(
    Object.entries(params)
      .filter(([k, v]) => v !== undefined && v !== '' && !(k === 'page' && Number(v) === 1))
      .map(([k, v]) => [k, String(v)]),
  );
  const s = q.toString();
  return s ? `${path}?${s}` : path;
};

export function SearchForm({
  path,
  q,
  placeholder,
  hidden = {},
  children,
}: {
  path: string;
  q: string;
  placeholder: string;
  hidden?: Params;
  children?: React.ReactNode;
}) {
  return (
    <form method="get" action={path} role="search" className="mb-4 flex flex-wrap items-end gap-3 text-sm">
      {Object.entries(hidden).map(([k, v]) =>
        v === undefined || v === '' ? null : <input key={k} type="hidden" name={k} value={String(v)} />,
      )}
      <label className="flex flex-col gap-1">
        <span className="font-medium">Search</span>
        <input
          type="search"
          name="q"
          defaultValue={q}
          placeholder={placeholder}
          className="w-72 rounded border border-slate-300 px-2 py-1"
        />
      </label>
      {children}
      <button type="submit" className="rounded bg-brand-700 px-4 py-1.5 font-medium text-white hover:bg-brand-800">
        Search
      </button>
      {q ? (
        <Link href={href(path, { ...hidden })} className="py-1.5 underline">
          Clear the search
        </Link>
      ) : null}
    </form>
  );
}

/** "51-100 of 2,000 services" and First / Previous / Next / Last. */
export function Pager({
  path,
  params,
  page,
  pages,
  total,
  shown,
  noun,
}: {
  path: string;
  params: Params;
  page: number;
  pages: number;
  total: number;
  shown: number;
  noun: string;
}) {
  const first = total === 0 ? 0 : (page - 1) * PAGE_SIZE + 1;
  const link = (p: number, label: string, rel?: string) =>
    p < 1 || p > pages || p === page ? (
      <span className="px-2 py-1 text-slate-400" aria-disabled="true">
        {label}
      </span>
    ) : (
      <Link href={href(path, { ...params, page: p })} rel={rel} className="rounded px-2 py-1 underline hover:bg-slate-100">
        {label}
      </Link>
    );
  return (
    <nav aria-label="Pages" className="my-3 flex flex-wrap items-center gap-2 text-sm">
      <p className="mr-2 text-slate-700">
        {total === 0
          ? `No ${noun}.`
          : `${first.toLocaleString('en')}-${(first + shown - 1).toLocaleString('en')} of ${total.toLocaleString('en')} ${noun}; page ${page} of ${pages}.`}
      </p>
      {pages > 1 ? (
        <>
          {link(1, 'First')}
          {link(page - 1, 'Previous', 'prev')}
          {link(page + 1, 'Next', 'next')}
          {link(pages, 'Last')}
        </>
      ) : null}
    </nav>
  );
}
