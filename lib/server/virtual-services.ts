// Layer 4 virtual services: the domain functions every entry point (pages, REST API, CLI) calls.
import { getDb } from './db-client';
import type { VirtualService } from './generated/prisma/client';

export interface VirtualServiceDto {
  id: string;
  label: string;
  ip: string;
  ports: string;
  protocol: string;
  forwarding: string;
  scheduler: string;
  persistence: { enabled: boolean; timeout: number; granularity: string | null };
  healthCheck: {
    type: string;
    port: number | null;
    protocol: string | null;
    request: string | null;
    response: string | null;
    virtualHost: string | null;
    command: string | null;
  };
  fallback: { ip: string; port: number | null } | null;
  version: number;
}

export function toVirtualServiceDto(v: VirtualService): VirtualServiceDto {
  return {
    id: v.id,
    label: v.label,
    ip: v.ip,
    ports: v.ports,
    protocol: v.protocol,
    forwarding: v.forwarding,
    scheduler: v.scheduler,
    persistence: { enabled: v.persistenceEnabled, timeout: v.persistenceTimeout, granularity: v.persistenceGranularity },
    healthCheck: {
      type: v.healthCheckType,
      port: v.healthCheckPort,
      protocol: v.healthCheckProtocol,
      request: v.healthCheckRequest,
      response: v.healthCheckResponse,
      virtualHost: v.healthCheckVirtualHost,
      command: v.healthCheckCommand,
    },
    fallback: v.fallbackIp ? { ip: v.fallbackIp, port: v.fallbackPort } : null,
    version: v.version,
  };
}

export async function listVirtualServices(): Promise<VirtualServiceDto[]> {
  const rows = await getDb().virtualService.findMany({ orderBy: { label: 'asc' } });
  return rows.map(toVirtualServiceDto);
}
