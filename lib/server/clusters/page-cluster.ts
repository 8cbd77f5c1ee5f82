// Which cluster a page shows: ?cluster=NAME (or id) in its address, `default` without one. The pages, the
// header's switcher and the banners use it; the API resolves clusters itself (api-route's ctx.cluster).
import 'server-only';
import { headers } from 'next/headers';
import { notFound } from 'next/navigation';
import { getDb } from '../platform/db-client';
import { CLUSTER_HEADER, DEFAULT_CLUSTER_ID } from '../../schemas/cluster';

export interface PageCluster {
  id: string;
  name: string;
  /** What ?cluster= says for it (its name); null for `default`, whose pages keep today's addresses. */
  param: string | null;
}

async function find(asked: string): Promise<PageCluster | null> {
  const db = getDb();
  const select = { id: true, name: true } as const;
  const c =
    (await db.cluster.findUnique({ where: { id: asked }, select })) ?? (await db.cluster.findUnique({ where: { name: asked }, select }));
  return c ? { ...c, param: c.id === DEFAULT_CLUSTER_ID ? null : c.name } : null;
}

/** The cluster of a page's ?cluster= (a page's searchParams value); an unknown one is the page's 404. */
export async function pageCluster(asked: string | string[] | undefined): Promise<PageCluster> {
  const value = (Array.isArray(asked) ? asked[0] : asked)?.trim().slice(0, 100);
  const c = await find(value || DEFAULT_CLUSTER_ID);
  if (!c) notFound();
  return c;
}

/** The layout's view of the same (the proxy copies ?cluster= into a request header); unknown: `default`. */
export async function layoutCluster(): Promise<PageCluster> {
  const asked = (await headers()).get(CLUSTER_HEADER)?.trim().slice(0, 100);
  return (
    (asked ? await find(asked) : null) ??
    (await find(DEFAULT_CLUSTER_ID)) ?? { id: DEFAULT_CLUSTER_ID, name: DEFAULT_CLUSTER_ID, param: null }
  );
}

/** The header switcher's choices: every cluster's name and site (no roll-up: the switcher is on every page). */
export async function clusterChoices(): Promise<{ id: string; name: string; site: string; param: string | null }[]> {
  const rows = await getDb().cluster.findMany({ select: { id: true, name: true, site: true } });
  // As a reader sorts names (YORK after default, not before it as byte order has it).
  rows.sort((a, b) => a.name.localeCompare(b.name, 'en', { sensitivity: 'base', numeric: true }));
  return rows.map((c) => ({ ...c, param: c.id === DEFAULT_CLUSTER_ID ? null : c.name }));
}

/** ?cluster= for a cluster known by id (an object's own, after a form saved it): its name; null for `default`. */
export async function clusterParam(clusterId: string): Promise<string | null> {
  if (clusterId === DEFAULT_CLUSTER_ID) return null;
  return (await find(clusterId))?.param ?? clusterId;
}
