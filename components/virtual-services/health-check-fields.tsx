'use client';
// The service form's Health Checks fieldset: the check type, and the fields that type uses (only those
// are shown, and only those are sent). The names are the API's field paths, so errors land on them.
import { useState } from 'react';
import { Field } from '@/components/ui/field';
import { Select } from '@/components/ui/select';
import { Fieldset } from '@/components/ui/fieldset';
import type { ErrorFor } from '@/components/ui/use-form-action';
import {
  CHECK_TYPES,
  CHECK_TYPE_HELP,
  CHECK_TYPE_LABELS,
  DNS_TYPES,
  EXTERNAL_CHECKS_DIR,
  type CheckType,
  type HealthCheck,
} from '@/lib/schemas/health-check';

const PORTED: CheckType[] = ['negotiate', 'connect', 'smtp', 'dns', 'udp', 'external'];

export function HealthCheckFields({ initial, errorFor }: { initial: HealthCheck | null; errorFor: ErrorFor }) {
  const [checkType, setCheckType] = useState<CheckType>(initial?.type ?? 'negotiate');
  const hc = initial?.type === checkType ? initial : null;
  return (
    <Fieldset legend="Health Checks">
      <Select
        id="healthCheck.type"
        label="Check Type"
        value={checkType}
        onChange={(e) => setCheckType(e.target.value as CheckType)}
        options={CHECK_TYPES.map((t) => ({ value: t, label: CHECK_TYPE_LABELS[t] }))}
        help={CHECK_TYPE_HELP[checkType]}
        error={errorFor('healthCheck.type')}
      />
      {PORTED.includes(checkType) ? (
        <Field
          id="healthCheck.port"
          label="Check Port"
          type="number"
          defaultValue={hc?.port ?? ''}
          help="Empty: the real server's port, or the service's first port."
          error={errorFor('healthCheck.port')}
        />
      ) : null}
      {checkType === 'negotiate' ? <NegotiateFields hc={hc} errorFor={errorFor} /> : null}
      {checkType === 'smtp' ? (
        <Field
          id="healthCheck.heloName"
          label="HELO Name"
          defaultValue={hc?.heloName ?? ''}
          help="The name the check says in HELO, e.g. lb.example.com; empty: keepalived's own."
          error={errorFor('healthCheck.heloName')}
        />
      ) : null}
      {checkType === 'dns' ? <DnsFields hc={hc} errorFor={errorFor} /> : null}
      {checkType === 'udp' ? <UdpFields hc={hc} errorFor={errorFor} /> : null}
      {checkType === 'external' ? (
        <>
          <Field
            id="healthCheck.command"
            label="External script"
            defaultValue={hc?.command ?? ''}
            help={`File name of a script in ${EXTERNAL_CHECKS_DIR}/ on both directors (Test connection lists them); it gets the real server's address and port and exits 0 when healthy.`}
            error={errorFor('healthCheck.command')}
          />
          <Field
            id="healthCheck.args"
            label="Script arguments"
            defaultValue={hc?.args ?? ''}
            help="Passed after the address and port, e.g. --database leostream; plain words only."
            error={errorFor('healthCheck.args')}
          />
        </>
      ) : null}
    </Fieldset>
  );
}

function NegotiateFields({ hc, errorFor }: { hc: HealthCheck | null; errorFor: ErrorFor }) {
  return (
    <>
      <Select
        id="healthCheck.protocol"
        label="Protocol"
        defaultValue={hc?.protocol ?? 'https'}
        options={[
          { value: 'http', label: 'HTTP' },
          { value: 'https', label: 'HTTPS' },
        ]}
        error={errorFor('healthCheck.protocol')}
      />
      <Field
        id="healthCheck.virtualHost"
        label="Virtual Host"
        defaultValue={hc?.virtualHost ?? ''}
        help="Host header to send (and, with HTTPS, the SNI name); empty sends the real server's address."
        error={errorFor('healthCheck.virtualHost')}
      />
      <Field
        id="healthCheck.request"
        label="Request to send"
        defaultValue={hc?.request ?? ''}
        help="The path to request, e.g. /app/system/ping."
        error={errorFor('healthCheck.request')}
      />
      <Field
        id="healthCheck.response"
        label="Response expected"
        defaultValue={hc?.response ?? ''}
        help="Text the response body must contain (matched literally, anywhere in the body). Empty: the status alone decides."
        error={errorFor('healthCheck.response')}
      />
      <Field
        id="healthCheck.status"
        label="Expected status"
        defaultValue={hc?.status ?? ''}
        help="HTTP status codes or ranges, e.g. 200, 200-399 or 200-299,301. Empty: any 2xx."
        error={errorFor('healthCheck.status')}
      />
      <Field
        id="healthCheck.digest"
        label="Page digest (MD5)"
        defaultValue={hc?.digest ?? ''}
        help="Optional: the MD5 digest the page must have (genhash prints it). For pages that never change."
        error={errorFor('healthCheck.digest')}
      />
      <MoreUrls initial={hc?.moreUrls ?? []} errorFor={errorFor} />
    </>
  );
}

type UrlRow = HealthCheck['moreUrls'][number];

/** URLs checked besides the first: rows the admin adds and removes; every one must pass. */
function MoreUrls({ initial, errorFor }: { initial: UrlRow[]; errorFor: ErrorFor }) {
  const [rows, setRows] = useState(() => initial.map((u, i) => ({ key: i, u })));
  const [next, setNext] = useState(initial.length);
  const add = () => {
    setRows([...rows, { key: next, u: { path: '', status: null, response: null, digest: null } }]);
    setNext(next + 1);
  };
  return (
    <div className="flex flex-col gap-3 md:col-span-2">
      <input type="hidden" name="healthCheck.moreUrls.count" value={rows.length} />
      {rows.map(({ key, u }, i) => {
        const id = (f: string) => `healthCheck.moreUrls.${i}.${f}`;
        return (
          <fieldset key={key} className="grid grid-cols-1 gap-3 rounded border border-slate-200 p-3 md:grid-cols-4">
            <legend className="px-1 text-sm font-medium text-slate-800">URL {i + 2}</legend>
            <Field id={id('path')} label="Path" defaultValue={u.path} error={errorFor(id('path'))} />
            <Field id={id('status')} label="Expected status" defaultValue={u.status ?? ''} error={errorFor(id('status'))} />
            <Field id={id('response')} label="Response expected" defaultValue={u.response ?? ''} error={errorFor(id('response'))} />
            <Field id={id('digest')} label="Page digest (MD5)" defaultValue={u.digest ?? ''} error={errorFor(id('digest'))} />
            <button
              type="button"
              className="justify-self-start text-sm text-red-700 underline"
              onClick={() => setRows(rows.filter((r) => r.key !== key))}
            >
              Remove URL {i + 2}
            </button>
          </fieldset>
        );
      })}
      {rows.length < 9 ? (
        <button type="button" className="justify-self-start self-start rounded border border-slate-300 px-3 py-1 text-sm" onClick={add}>
          Add a URL to check
        </button>
      ) : null}
      {errorFor('healthCheck.moreUrls') ? (
        <p role="alert" className="text-sm text-red-700">
          {errorFor('healthCheck.moreUrls')}
        </p>
      ) : null}
    </div>
  );
}

function DnsFields({ hc, errorFor }: { hc: HealthCheck | null; errorFor: ErrorFor }) {
  return (
    <>
      <Field
        id="healthCheck.dnsName"
        label="Name to ask for"
        defaultValue={hc?.dnsName ?? ''}
        help='A name the server answers for, e.g. gateway.example.com; empty: "." (the root).'
        error={errorFor('healthCheck.dnsName')}
      />
      <Select
        id="healthCheck.dnsType"
        label="Record type"
        defaultValue={hc?.dnsType ?? 'SOA'}
        options={DNS_TYPES.map((t) => ({ value: t, label: t }))}
        error={errorFor('healthCheck.dnsType')}
      />
    </>
  );
}

function UdpFields({ hc, errorFor }: { hc: HealthCheck | null; errorFor: ErrorFor }) {
  const [mode, setMode] = useState(hc?.udpReply === null || !hc ? 'none' : hc.udpReply === 'any' ? 'any' : 'bytes');
  return (
    <>
      <Field
        id="healthCheck.udpPayload"
        label="Payload (hex)"
        defaultValue={hc?.udpPayload ?? ''}
        help="The datagram sent, as hexadecimal bytes, e.g. 0d0a; empty: an empty datagram."
        error={errorFor('healthCheck.udpPayload')}
      />
      <Select
        id="healthCheck.udpReplyMode"
        label="Reply required"
        value={mode}
        onChange={(e) => setMode(e.target.value)}
        options={[
          { value: 'none', label: 'No: only "port unreachable" fails' },
          { value: 'any', label: 'Yes, any reply' },
          { value: 'bytes', label: 'Yes, starting with given bytes' },
        ]}
        error={mode === 'bytes' ? undefined : errorFor('healthCheck.udpReply')}
      />
      {mode === 'bytes' ? (
        <Field
          id="healthCheck.udpReply"
          label="Reply starts with (hex)"
          defaultValue={hc?.udpReply && hc.udpReply !== 'any' ? hc.udpReply : ''}
          error={errorFor('healthCheck.udpReply')}
        />
      ) : null}
    </>
  );
}
