// How the System Overview shows state: never by colour alone (every badge has an icon and a word).
import type { Health, OverviewRealServer, ServiceState } from '@/lib/schemas/overview';

// State is never shown by colour alone: every badge has an icon (shape) and a word.
export const SERVICE_STATE: Record<ServiceState, { icon: string; text: string; style: string }> = {
  up: { icon: '●', text: 'All up', style: 'border-green-700 text-green-800' },
  degraded: { icon: '◆', text: 'Degraded', style: 'border-amber-700 text-amber-800' },
  down: { icon: '✕', text: 'Down', style: 'border-red-700 text-red-800' },
  'no-real-servers': { icon: '○', text: 'No real servers', style: 'border-slate-500 text-slate-700' },
  unknown: { icon: '?', text: 'Unknown', style: 'border-slate-500 text-slate-700' },
};
export const HEALTH: Record<Health, { icon: string; text: string; style: string }> = {
  up: { icon: '●', text: 'Up', style: 'text-green-800' },
  down: { icon: '✕', text: 'Down', style: 'text-red-800' },
  unknown: { icon: '?', text: 'Unknown', style: 'text-slate-700' },
};
export const ADMIN: Record<OverviewRealServer['adminState'], string> = { online: 'Online', drain: 'Drain', halt: 'Halt' };

export function Badge({ icon, text, style }: { icon: string; text: string; style: string }) {
  return (
    <span className={`inline-flex items-center gap-1 whitespace-nowrap rounded border px-2 py-0.5 text-xs font-medium ${style}`}>
      <span aria-hidden="true">{icon}</span>
      {text}
    </span>
  );
}
