// Rows of the database as the schemas' specs and DTOs, and the pool rule, shared by the virtual-service
// and real-server functions (and live state) so that neither imports the other.
import 'server-only';
import { ValidationError } from '../platform/validation';
import { realServerPoolIssue, type RealServerDto, type RealServerSpec } from '../../schemas/real-server';
import type { VirtualServiceDto, VirtualServiceSpec } from '../../schemas/virtual-service';
import { checkOptionsFromText } from '../../schemas/health-check';
import type { RealServer, VirtualService } from '../generated/prisma/client';

export function toVirtualServiceSpec(v: VirtualService): VirtualServiceSpec {
  return {
    label: v.label,
    ip: v.ip,
    ports: v.ports,
    protocol: v.protocol as VirtualServiceSpec['protocol'],
    forwarding: v.forwarding as VirtualServiceSpec['forwarding'],
    scheduler: v.scheduler as VirtualServiceSpec['scheduler'],
    persistence: { enabled: v.persistenceEnabled, timeout: v.persistenceTimeout, granularity: v.persistenceGranularity },
    healthCheck: {
      type: v.healthCheckType as VirtualServiceSpec['healthCheck']['type'],
      port: v.healthCheckPort,
      protocol: v.healthCheckProtocol as VirtualServiceSpec['healthCheck']['protocol'],
      request: v.healthCheckRequest,
      response: v.healthCheckResponse,
      virtualHost: v.healthCheckVirtualHost,
      command: v.healthCheckCommand,
      ...checkOptionsFromText(v.healthCheckOptions),
    },
    fallback: v.fallbackIp ? { ip: v.fallbackIp, port: v.fallbackPort } : null,
    quorum: v.quorum,
    hysteresis: v.hysteresis,
    quiescent: v.quiescent,
    // In the schema's order: a restore compares the two as JSON.
    checkTiming: { interval: v.checkInterval, timeout: v.checkTimeout, retries: v.checkRetries, retryDelay: v.checkRetryDelay },
    emailAlert: v.emailAlert ? v.emailAlert.split(', ') : [],
  };
}

export function toVirtualServiceDto(v: VirtualService): VirtualServiceDto {
  return { id: v.id, clusterId: v.clusterId, ...toVirtualServiceSpec(v), fwmark: v.fwmark, version: v.version };
}

/** Checks the pool rule after a real-server change (used by the real-server functions). */
export function assertPool(spec: VirtualServiceSpec, pool: { weight: number; adminState: string }[]) {
  const issue = realServerPoolIssue(spec, pool as never);
  if (issue) throw new ValidationError([{ field: 'adminState', message: issue }]);
}

export function toRealServerSpec(r: RealServer): RealServerSpec {
  return {
    label: r.label,
    ip: r.ip,
    port: r.port,
    weight: r.weight,
    minConnections: r.minConnections,
    maxConnections: r.maxConnections,
    adminState: r.adminState as RealServerSpec['adminState'],
  };
}

export function toRealServerDto(r: RealServer): RealServerDto {
  return { id: r.id, virtualServiceId: r.virtualServiceId, ...toRealServerSpec(r), version: r.version };
}
