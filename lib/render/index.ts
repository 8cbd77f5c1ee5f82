// Every artefact of a configuration, per director. Pure: configuration in, text out.
import { renderKeepalivedConf, renderKeepalivedServices } from './keepalived';
import { renderIptablesMarks, renderNftMarks } from './marks';
import { renderIpvsadmRules } from './ipvsadm';
import { renderNotifyScript, renderSysctl } from './director-files';
import { renderRealServerPrep, type RealServerPrep } from './real-server-prep';
import { DIRECTOR_PATHS, type RenderInput } from './model';
import { withServiceAddresses, allocateFwmarks, type NormalizedConfig } from '../schemas/config-document';
import { withScopeStates } from './state-files';

export type Artefacts = Record<string, string>; // director path -> content

export interface RenderedConfiguration {
  directors: Record<string, Artefacts>;
  realServers: RealServerPrep[];
}

/** Every artefact of every director. What does not depend on the director is rendered once. */
export function renderConfiguration(input: RenderInput): RenderedConfiguration {
  const shared = {
    [DIRECTOR_PATHS.sysctl]: renderSysctl(input.services, input.settings),
    [DIRECTOR_PATHS.nftMarks]: renderNftMarks(input.services, input.settings),
    [DIRECTOR_PATHS.iptablesMarks]: renderIptablesMarks(input.services, 4),
    [DIRECTOR_PATHS.ip6tablesMarks]: renderIptablesMarks(input.services, 6),
    [DIRECTOR_PATHS.ipvsadm]: renderIpvsadmRules(input.services),
    [DIRECTOR_PATHS.notify]: renderNotifyScript(),
  };
  const servicesSection = renderKeepalivedServices(input);
  const directors: Record<string, Artefacts> = {};
  for (const d of input.directors) {
    directors[d.name] = { [DIRECTOR_PATHS.keepalived]: renderKeepalivedConf(input, d.name, servicesSection), ...shared };
  }
  return { directors, realServers: renderRealServerPrep(input.services, input.floatingIps) };
}

/**
 * A validated configuration document as renderer input (marks allocated, service addresses floating,
 * each real server in the admin state keepalived will give it: its address's, in the per-address scope).
 */
export function toRenderInput(config: NormalizedConfig): RenderInput {
  return {
    services: withScopeStates(allocateFwmarks(config.virtualServices)),
    floatingIps: withServiceAddresses(config.floatingIps, config.virtualServices),
    directors: config.directors.map((d) => ({
      name: d.name,
      role: d.role,
      vrrpInterface: d.vrrpInterface,
      vrrpAddress: d.vrrpAddress,
      vrrpPriority: d.vrrpPriority,
    })),
    settings: config.settings,
  };
}
