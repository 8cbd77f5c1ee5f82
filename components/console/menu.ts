// The console's menu mirrors the appliance's WebUI.
export interface MenuItem {
  href: string;
  label: string;
  summary: string; // what the section is for; pages not built yet show it
}

export const MENU: readonly MenuItem[] = [
  {
    href: '/overview',
    label: 'System Overview',
    summary: 'Live state of every virtual service and real server, with drain, halt and online controls and traffic graphs.',
  },
  {
    href: '/local-configuration',
    label: 'Local Configuration',
    summary: 'This console’s own settings: directors it pushes to, SSH key, API keys, passwords.',
  },
  {
    href: '/cluster-configuration',
    label: 'Cluster Configuration',
    summary: 'Layer 4 virtual services, real servers, floating IPs and the high-availability pair.',
  },
  { href: '/maintenance', label: 'Maintenance', summary: 'Backup and restore of the configuration, and the Apply history.' },
  {
    href: '/view-configuration',
    label: 'View Configuration',
    summary: 'The generated keepalived.conf, firewall-mark rules and ipvsadm rules for each director.',
  },
  { href: '/reports', label: 'Reports', summary: 'Traffic and health reports per virtual service and real server.' },
  { href: '/logs', label: 'Logs', summary: 'Audit log of every change, sign-in and apply.' },
  { href: '/support', label: 'Support', summary: 'Versions, diagnostics and a support bundle.' },
];
