// What the renderers take: the whole load-balancer configuration, already validated by lib/schemas.
import type { VirtualServiceSpec } from '../schemas/virtual-service';
import type { RealServerSpec } from '../schemas/real-server';
import type { FloatingIpSpec } from '../schemas/floating-ip';
import { DEFAULT_CHECK_TIMING, type CheckTiming, type ConsoleSettings } from '../schemas/settings';
import type { DirectorMail } from '../schemas/alerts';

export type { DirectorMail };

export interface RenderService extends VirtualServiceSpec {
  fwmark: number; // stored with the service, stable across renders
  realServers: RealServerSpec[];
}

export interface RenderDirector {
  name: string;
  role: 'primary' | 'secondary';
  vrrpInterface: string;
  vrrpAddress: string | null; // unicast source; null for a single director (multicast VRRP)
  vrrpPriority: number;
}

export interface ClusterSettings {
  virtualRouterId: number; // VRRP VRID, 1-255, shared by the pair
}

export const DEFAULT_CLUSTER: ClusterSettings = { virtualRouterId: 51 };

/** The pair's VRRP version and advert interval (seconds): the settings', else version 2 at 1 s. */
export function advertOf(settings: Partial<ConsoleSettings> | undefined): { version: 2 | 3; interval: number } {
  return { version: settings?.vrrpVersion === 3 ? 3 : 2, interval: settings?.vrrpAdvertInterval ?? 1 };
}

/** Whether a failed (or halted) real server of the service stays in the table at weight 0: its own setting, else the global one. */
export function quiescentOf(s: Pick<RenderService, 'quiescent'>, settings: ConsoleSettings | undefined): boolean {
  return s.quiescent ?? settings?.quiescent ?? false;
}

/** A service's health-check timing in force: its own where it has one, else the global setting. */
export function checkTimingOf(s: Pick<RenderService, 'checkTiming'>, settings: ConsoleSettings | undefined): CheckTiming {
  const global = settings?.checkTiming ?? DEFAULT_CHECK_TIMING;
  const own = s.checkTiming;
  return {
    interval: own.interval ?? global.interval,
    timeout: own.timeout ?? global.timeout,
    retries: own.retries ?? global.retries,
    retryDelay: own.retryDelay ?? global.retryDelay,
  };
}

export interface RenderInput {
  services: RenderService[];
  floatingIps: FloatingIpSpec[];
  directors: RenderDirector[];
  cluster?: Partial<ClusterSettings>;
  settings?: ConsoleSettings;
  directorMail?: DirectorMail | null;
}

/** Where each artefact goes on a director. */
export const DIRECTOR_PATHS = {
  keepalived: '/etc/keepalived/keepalived.conf',
  sysctl: '/etc/sysctl.d/90-lvs-console.conf',
  nftMarks: '/etc/lvs-console/marks.nft',
  iptablesMarks: '/etc/lvs-console/marks.iptables',
  ip6tablesMarks: '/etc/lvs-console/marks.ip6tables',
  ipvsadm: '/etc/lvs-console/ipvsadm.rules',
  notify: '/usr/local/lib/lvs-console/vrrp-notify',
  vrrpState: '/run/lvs-console/vrrp-state',
} as const;
