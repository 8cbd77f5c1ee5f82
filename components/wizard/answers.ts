import { DEFAULT_GATEWAY_PORT_RANGE, type LeostreamMode, type LeostreamWizard as WizardInput } from '@/lib/schemas/leostream';
import type { Row } from './server-rows';

/** The wizard's answers as the form holds them, and their way to and from the schema's input. */
export type Step = 1 | 2 | 3 | 4 | 5;
export const STEPS: Record<Step, string> = {
  1: 'Topology',
  2: 'Addresses',
  3: 'Protocols',
  4: 'Persistence and health checks',
  5: 'Review',
};

export interface Answers {
  mode: LeostreamMode;
  brokerCluster: boolean;
  gatewayVip: string;
  gateways: Row[];
  brokerVip: string;
  brokers: Row[];
  broker: string;
  protocols: string[];
  routing: 'specific' | 'random';
  range: string;
  persistenceTimeout: string;
  gatewayFloatingIp: string;
  gatewayFloatingIpInterface: string;
}

export function fromInput(i: WizardInput): Answers {
  const cluster = i.brokerVip !== null || i.brokers.length > 1;
  return {
    mode: i.mode,
    brokerCluster: cluster,
    gatewayVip: i.gatewayVip,
    gateways: i.gateways.length
      ? i.gateways
      : [
          { label: 'GW01', ip: '' },
          { label: 'GW02', ip: '' },
        ],
    brokerVip: i.brokerVip ?? '',
    brokers:
      cluster && i.brokers.length
        ? i.brokers
        : [
            { label: 'BRK01', ip: cluster ? '' : (i.brokers[0]?.ip ?? '') },
            { label: 'BRK02', ip: '' },
          ],
    broker: cluster ? '' : (i.brokers[0]?.ip ?? ''),
    protocols: i.protocols,
    routing: i.gatewayPortRange ? 'random' : 'specific',
    range: i.gatewayPortRange ?? DEFAULT_GATEWAY_PORT_RANGE,
    persistenceTimeout: String(i.persistenceTimeout),
    gatewayFloatingIp: i.gatewayFloatingIp ?? '',
    gatewayFloatingIpInterface: i.gatewayFloatingIpInterface ?? '',
  };
}

export function toInput(a: Answers) {
  return {
    mode: a.mode,
    gatewayVip: a.gatewayVip,
    gateways: a.gateways,
    brokerVip: a.brokerCluster ? a.brokerVip : null,
    brokers: a.brokerCluster ? a.brokers : a.broker.trim() ? [{ label: 'BRK01', ip: a.broker }] : [],
    protocols: a.protocols,
    gatewayPortRange: a.routing === 'random' ? a.range : null,
    persistenceTimeout: a.persistenceTimeout,
    gatewayFloatingIp: a.mode === 'nat' ? a.gatewayFloatingIp : null,
    gatewayFloatingIpInterface: a.mode === 'nat' ? a.gatewayFloatingIpInterface : null,
  };
}

/** Field errors of the wizard's input, keyed for the inputs here (a lone broker is "broker"). */
export function localField(field: string, a: Answers): string {
  if (!a.brokerCluster && field.startsWith('brokers')) return 'broker';
  return field;
}
