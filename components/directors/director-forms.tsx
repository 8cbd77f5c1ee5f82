'use client';
import { useRef, useState, useTransition } from 'react';
import { useRouter } from 'next/navigation';
import { Field } from '@/components/ui/field';
import { Select } from '@/components/ui/select';
import { Button } from '@/components/ui/button';
import { Alert } from '@/components/ui/alert';
import { ConfirmDelete } from '@/components/ui/confirm-delete';
import { useFormAction } from '@/components/ui/use-form-action';
import type { ActionData } from '@/lib/schemas/action-state';
import { EXTERNAL_CHECKS_DIR } from '@/lib/schemas/virtual-service';
import {
  createDirectorAction,
  deleteDirectorAction,
  pinHostKeyAction,
  testDirectorAction,
} from '@/app/(console)/local-configuration/directors/actions';

/** `clusterId`: the page's cluster, which the director joins. */
export function AddDirectorForm({ clusterId }: { clusterId: string }) {
  const form = useRef<HTMLFormElement>(null);
  const { state, pending, onSubmit, errorFor } = useFormAction(async (f) => {
    const r = await createDirectorAction(f);
    if (r.ok) form.current?.reset();
    return r;
  });
  return (
    <form
      ref={form}
      onSubmit={onSubmit}
      aria-label="Add a director"
      className="flex max-w-4xl flex-col gap-3 rounded border border-slate-200 bg-white p-4"
    >
      <h2 className="font-semibold">Add a director</h2>
      <input type="hidden" name="clusterId" value={clusterId} />
      {state.message ? <Alert kind={state.ok ? 'success' : 'error'}>{state.message}</Alert> : null}
      <div className="grid gap-4 md:grid-cols-3">
        <Field id="name" label="Name" help="e.g. director1" error={errorFor('name')} />
        <Select
          id="role"
          label="Role"
          options={[
            { value: 'primary', label: 'Primary' },
            { value: 'secondary', label: 'Secondary' },
          ]}
          error={errorFor('role')}
        />
        <Field id="host" label="SSH address" help="Address or host name the console connects to." error={errorFor('host')} />
        <Field id="port" label="SSH port" type="number" defaultValue={22} error={errorFor('port')} />
        <Field id="user" label="SSH user" defaultValue="root" error={errorFor('user')} />
        <Field
          id="vrrpInterface"
          label="VRRP interface"
          defaultValue="eth0"
          help="Where the floating IPs live."
          error={errorFor('vrrpInterface')}
        />
        <Field
          id="vrrpAddress"
          label="Director address on that interface"
          help="Needed for an HA pair (VRRP unicast)."
          error={errorFor('vrrpAddress')}
        />
        <Field
          id="hostKeyFingerprint"
          label="Host key fingerprint (optional)"
          help="SHA256:... from ssh-keyscan; else confirm it after Test connection."
          error={errorFor('hostKeyFingerprint')}
        />
      </div>
      <div>
        <Button type="submit" disabled={pending}>
          {pending ? 'Adding…' : 'Add director'}
        </Button>
      </div>
    </form>
  );
}

type Report = ActionData<typeof testDirectorAction>;

export function DirectorActions({ id, name, pinned }: { id: string; name: string; pinned: string | null }) {
  const [report, setReport] = useState<Report | null>(null);
  const [message, setMessage] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const router = useRouter();
  const confirm = (fingerprint: string) =>
    start(async () => {
      const r = await pinHostKeyAction(id, fingerprint);
      setMessage(r.message ?? null);
      if (r.ok && report) {
        setReport({ ...report, hostKeyPinned: true });
        router.refresh();
      }
    });
  return (
    <div className="flex flex-col gap-2">
      <div className="flex gap-3">
        <Button
          type="button"
          variant="secondary"
          disabled={pending}
          onClick={() =>
            start(async () => {
              setMessage(null);
              const r = await testDirectorAction(id);
              if (r.ok) setReport(r.data ?? null);
              else setMessage(r.message ?? 'The test failed.');
            })
          }
        >
          {pending ? 'Testing…' : `Test connection to ${name}`}
        </Button>
        <ConfirmDelete
          name={name}
          question="The console stops pushing to this director. Nothing on the director is changed."
          onConfirm={() => deleteDirectorAction(id)}
        />
      </div>
      {message ? <Alert>{message}</Alert> : null}
      {report ? <ConnectionReport name={name} report={report} pinned={pinned} confirm={confirm} /> : null}
    </div>
  );
}

const yes = (b: boolean) => (b ? 'yes' : 'no');

/** What Test connection found, and the host key to confirm. */
function ConnectionReport({
  name,
  report,
  pinned,
  confirm,
}: {
  name: string;
  report: Report;
  pinned: string | null;
  confirm: (fingerprint: string) => void;
}) {
  return (
    <section aria-label={`Connection test of ${name}`} className="rounded border border-slate-200 bg-slate-50 p-3 text-sm">
      {report.error ? <Alert>{report.error}</Alert> : null}
      <dl className="grid grid-cols-[max-content_1fr] gap-x-4 gap-y-1">
        <dt>Reachable</dt>
        <dd>{yes(report.reachable)}</dd>
        <dt>Key accepted</dt>
        <dd>{yes(report.keyAccepted)}</dd>
        {report.probe ? <ProbeFacts probe={report.probe} /> : null}
        {report.hostKeyFingerprint ? (
          <>
            <dt>Host key</dt>
            <dd className="font-mono">{report.hostKeyFingerprint}</dd>
          </>
        ) : null}
      </dl>
      {report.probe?.problems.length ? (
        <ul className="mt-2 list-disc pl-5 text-red-800">
          {report.probe.problems.map((p) => (
            <li key={p}>{p}</li>
          ))}
        </ul>
      ) : null}
      {report.hostKeyFingerprint && !report.hostKeyPinned ? (
        <div className="mt-3 flex flex-col gap-2">
          <p>
            {pinned ? 'This differs from the pinned host key. ' : 'The host key is not confirmed yet. '}
            Compare it with the director&apos;s own (<code>ssh-keygen -lf /etc/ssh/ssh_host_ed25519_key.pub</code>) before you confirm.
          </p>
          <div>
            <Button type="button" onClick={() => confirm(report.hostKeyFingerprint!)}>
              Confirm host key {report.hostKeyFingerprint}
            </Button>
          </div>
        </div>
      ) : null}
    </section>
  );
}

function ProbeFacts({ probe }: { probe: NonNullable<Report['probe']> }) {
  return (
    <>
      <dt>Root</dt>
      <dd>
        {yes(probe.root)} ({probe.user})
      </dd>
      <dt>keepalived</dt>
      <dd>{probe.keepalived ?? 'missing'}</dd>
      <dt>ipvsadm</dt>
      <dd>{probe.ipvsadm ?? 'missing'}</dd>
      <dt>nft</dt>
      <dd>{probe.nft ?? 'missing'}</dd>
      <dt>ip_vs loaded</dt>
      <dd>{yes(probe.ipVsLoaded)}</dd>
      <dt>Interfaces</dt>
      <dd>{probe.interfaces.map((i) => `${i.name} ${i.addresses.join(', ')}`).join('; ')}</dd>
      <dt>Check scripts</dt>
      <dd>{probe.checkScripts.length ? probe.checkScripts.join(', ') : `none in ${EXTERNAL_CHECKS_DIR}/`}</dd>
    </>
  );
}
