'use client';
import { useState, useTransition } from 'react';
import { setFailoverAction } from '@/app/(console)/cluster-configuration/high-availability/actions';
import { expectedTakeover, MIN_ADVERT_INTERVAL } from '@/lib/schemas/settings';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';

interface Props {
  version: number;
  interval: number;
  /** Each director and its VRRP priority: the other one takes over when it fails. */
  directors: { name: string; vrrpPriority: number }[];
  canEdit: boolean;
}

/**
 * The pair's failover speed (HA page): the VRRP advert interval and version, with the takeover time each
 * director's failure would take, worked out as the admin types. Reaches the directors at the next apply.
 */
export function FailoverForm({ version, interval, directors, canEdit }: Props) {
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [asked, setAsked] = useState({ version: String(version), interval: String(interval) });
  const [pending, start] = useTransition();
  const a = Number(asked.interval);
  const valid = Number.isFinite(a) && a >= MIN_ADVERT_INTERVAL;
  return (
    <form
      aria-label="Failover speed"
      noValidate
      className="flex max-w-4xl flex-col gap-3 rounded border border-slate-200 bg-white p-4 text-sm"
      onSubmit={(e) => {
        e.preventDefault();
        start(async () => {
          const r = await setFailoverAction(asked.version, asked.interval);
          setErrors(r.fieldErrors ?? {});
          setMessage({ ok: r.ok, text: r.message ?? (r.ok ? 'Saved.' : 'Refused.') });
        });
      }}
    >
      <fieldset disabled={!canEdit || pending} className="flex flex-col gap-3">
        <legend className="font-semibold">Failover speed</legend>
        <p className="text-slate-700">
          The active director sends a VRRP advert every interval; the other takes over when three are missed (a crash, a lost link), or at
          once when the active one stops cleanly. VRRP version 2 sends whole seconds only; 0.1 to 0.9 s need version 3 (keepalived on both
          directors speaks it), and then the VRRP process runs at real-time priority so that a busy director still sends on time. Applies
          hold the standby in FAULT while the two directors disagree (a new version, or a new interval with version 2) and, below 1 s, while
          the active one reloads, so the floating IPs do not move; the pair has no standby for those seconds.
        </p>
        <div className="grid gap-4 md:grid-cols-2">
          <div className="flex flex-col gap-1">
            <label htmlFor="vrrpVersion" className="font-medium text-slate-800">
              VRRP version
            </label>
            <select
              id="vrrpVersion"
              value={asked.version}
              onChange={(e) => setAsked({ ...asked, version: e.target.value })}
              aria-invalid={!!errors.vrrpVersion}
              aria-describedby={errors.vrrpVersion ? 'vrrpVersion-error' : undefined}
              className="rounded border border-slate-300 px-2 py-1"
            >
              <option value="2">2 (whole seconds)</option>
              <option value="3">3 (down to 0.1 s)</option>
            </select>
            <FieldError id="vrrpVersion" error={errors.vrrpVersion} />
          </div>
          <div className="flex flex-col gap-1">
            <label htmlFor="vrrpAdvertInterval" className="font-medium text-slate-800">
              Advert interval (s)
            </label>
            <input
              id="vrrpAdvertInterval"
              inputMode="decimal"
              value={asked.interval}
              onChange={(e) => setAsked({ ...asked, interval: e.target.value })}
              aria-invalid={!!errors.vrrpAdvertInterval}
              aria-describedby={`takeover${errors.vrrpAdvertInterval ? ' vrrpAdvertInterval-error' : ''}`}
              className="rounded border border-slate-300 px-2 py-1"
            />
            <FieldError id="vrrpAdvertInterval" error={errors.vrrpAdvertInterval} />
          </div>
        </div>
        <TakeoverList interval={a} valid={valid} directors={directors} />
      </fieldset>
      {message ? <Alert kind={message.ok ? 'success' : 'error'}>{message.text}</Alert> : null}
      {canEdit ? (
        <div>
          <Button type="submit" variant="secondary" disabled={pending}>
            Save failover speed
          </Button>
        </div>
      ) : (
        <p className="text-slate-600">Only admins change this.</p>
      )}
    </form>
  );
}

/** What each director's failure would take at this interval (the peer's priority sets the skew). */
function TakeoverList({ interval: a, valid, directors }: { interval: number; valid: boolean; directors: Props['directors'] }) {
  return (
    <ul id="takeover" className="list-disc pl-5 text-slate-700">
      {valid
        ? directors.map((d) => {
            const peer = directors.find((x) => x !== d);
            if (!peer) return null;
            const t = expectedTakeover(a, peer.vrrpPriority);
            return (
              <li key={d.name}>
                If {d.name} is active and fails, {peer.name} (priority {peer.vrrpPriority}) takes over after about {t.crash.toFixed(2)} s (3
                × {a} s + {(t.crash - 3 * a).toFixed(2)} s); {t.cleanStop.toFixed(2)} s if {d.name} stops cleanly.
              </li>
            );
          })
        : null}
    </ul>
  );
}

function FieldError({ id, error }: { id: string; error?: string }) {
  return error ? (
    <p id={`${id}-error`} className="text-red-700">
      {error}
    </p>
  ) : null;
}
