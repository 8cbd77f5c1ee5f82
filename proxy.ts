// Passes a page's ?cluster= on to the console's layout as a request header (a layout sees no query): the
// header's switcher and the pair and pending-changes banners then show the cluster the page shows.
import { NextResponse, type NextRequest } from 'next/server';
import { CLUSTER_HEADER } from './lib/schemas/cluster';

export function proxy(request: NextRequest) {
  const headers = new Headers(request.headers);
  headers.delete(CLUSTER_HEADER); // never the browser's own
  const cluster = request.nextUrl.searchParams.get('cluster');
  if (cluster) headers.set(CLUSTER_HEADER, cluster.slice(0, 100));
  return NextResponse.next({ request: { headers } });
}

// Pages only: the API reads ?cluster= itself, and static files need nothing.
export const config = { matcher: ['/((?!api/|_next/|favicon.ico).*)'] };
