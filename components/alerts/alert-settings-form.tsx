'use client';
import { useState, useTransition } from 'react';
import { saveAlertSettingsAction, sendTestAlertAction } from '@/app/(console)/local-configuration/alerts/actions';
import { SMTP_SECURITY, type AlertSettingsView, type TestAlertResult } from '@/lib/schemas/alerts';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';
import { Field } from '@/components/ui/field';
import { Select } from '@/components/ui/select';

const SECURITY_LABELS: Record<(typeof SMTP_SECURITY)[number], string> = {
  none: 'None (plain SMTP, port 25)',
  starttls: 'STARTTLS (port 587)',
  tls: 'TLS from the start (port 465)',
};

const lines = (text: string) =>
  text
    .split(/[\n,]/)
    .map((l) => l.trim())
    .filter(Boolean);

/** Local Configuration > Alerts: email over SMTP, webhooks, hold-down and digest window; Save and Send a test alert. */
export function AlertSettingsForm({ current }: { current: AlertSettingsView }) {
  const e = current.email;
  const [emailOn, setEmailOn] = useState(Boolean(e));
  const [f, setF] = useState<Values>({
    host: e?.host ?? '',
    port: String(e?.port ?? 25),
    security: e?.security ?? 'none',
    username: e?.username ?? '',
    password: '',
    from: e?.from ?? '',
    to: (e?.to ?? []).join('\n'),
    webhooks: current.webhooks.map((w) => w.url).join('\n'),
    holdDownSeconds: String(current.holdDownSeconds),
    digestWindowSeconds: String(current.digestWindowSeconds),
    consoleUrl: current.consoleUrl ?? '',
  });
  const [secrets, setSecrets] = useState('');
  const [message, setMessage] = useState<{ ok: boolean; text: string } | null>(null);
  const [errors, setErrors] = useState<Record<string, string>>({});
  const [results, setResults] = useState<TestAlertResult[] | null>(null);
  const [pending, start] = useTransition();
  const set = (k: keyof Values) => (ev: { target: { value: string } }) => setF({ ...f, [k]: ev.target.value });
  const p = { f, set, errors, pending };

  return (
    <form
      aria-label="Alert channels"
      className="flex max-w-4xl flex-col gap-4 rounded border border-slate-200 bg-white p-4 text-sm"
      onSubmit={(ev) => {
        ev.preventDefault();
        start(async () => {
          const r = await saveAlertSettingsAction(toInput(f, emailOn, secrets));
          setErrors(r.fieldErrors ?? {});
          setMessage({ ok: r.ok, text: r.message ?? (r.ok ? 'Saved.' : 'Refused.') });
          if (r.ok) setF({ ...f, password: '' });
        });
      }}
    >
      <EmailFields {...p} emailOn={emailOn} setEmailOn={setEmailOn} passwordSet={Boolean(e?.passwordSet)} />
      <WebhookFields {...p} secrets={secrets} setSecrets={setSecrets} secretStored={current.webhooks.some((w) => w.secretSet)} />
      <TimingFields {...p} />
      {message ? <Alert kind={message.ok ? 'success' : 'error'}>{message.text}</Alert> : null}
      <div className="flex gap-2">
        <Button type="submit" disabled={pending}>
          Save
        </Button>
        <Button
          type="button"
          variant="secondary"
          disabled={pending}
          onClick={() =>
            start(async () => {
              const r = await sendTestAlertAction();
              setResults(r.data ?? null);
              if (!r.data) setMessage({ ok: false, text: r.message ?? 'Refused.' });
            })
          }
        >
          Send a test alert
        </Button>
      </div>
      {results ? <TestResults results={results} /> : null}
    </form>
  );
}

interface Values {
  host: string;
  port: string;
  security: string;
  username: string;
  password: string;
  from: string;
  to: string;
  webhooks: string;
  holdDownSeconds: string;
  digestWindowSeconds: string;
  consoleUrl: string;
}

interface Part {
  f: Values;
  set: (k: keyof Values) => (ev: { target: { value: string } }) => void;
  errors: Record<string, string>;
  pending: boolean;
}

function EmailFields({
  f,
  set,
  errors,
  pending,
  emailOn,
  setEmailOn,
  passwordSet,
}: Part & { emailOn: boolean; setEmailOn: (on: boolean) => void; passwordSet: boolean }) {
  return (
    <fieldset className="flex flex-col gap-3" disabled={pending}>
      <legend className="mb-1 font-semibold">Email</legend>
      <label className="flex items-center gap-2">
        <input type="checkbox" checked={emailOn} onChange={(ev) => setEmailOn(ev.target.checked)} />
        Send alerts by email
      </label>
      {emailOn ? (
        <div className="grid gap-3 md:grid-cols-2">
          <Field id="alert-host" label="SMTP server" value={f.host} onChange={set('host')} error={errors['email.host']} required />
          <Field id="alert-port" label="Port" inputMode="numeric" value={f.port} onChange={set('port')} error={errors['email.port']} />
          <Select
            id="alert-security"
            label="Security"
            value={f.security}
            onChange={set('security')}
            options={SMTP_SECURITY.map((s) => ({ value: s, label: SECURITY_LABELS[s] }))}
            error={errors['email.security']}
          />
          <Field id="alert-username" label="User name (optional)" value={f.username} onChange={set('username')} autoComplete="off" />
          <Field
            id="alert-password"
            label="Password"
            type="password"
            value={f.password}
            onChange={set('password')}
            autoComplete="new-password"
            help={passwordSet ? 'A password is stored (sealed); leave this empty to keep it.' : 'None stored.'}
          />
          <Field id="alert-from" label="From" value={f.from} onChange={set('from')} error={errors['email.from']} required />
          <Lines
            id="alert-to"
            label="Recipients (one per line)"
            rows={3}
            value={f.to}
            onChange={set('to')}
            error={errors['email.to']}
            className="md:col-span-2"
          />
        </div>
      ) : null}
    </fieldset>
  );
}

function WebhookFields({
  f,
  set,
  errors,
  pending,
  secrets,
  setSecrets,
  secretStored,
}: Part & { secrets: string; setSecrets: (s: string) => void; secretStored: boolean }) {
  return (
    <fieldset className="flex flex-col gap-2" disabled={pending}>
      <legend className="mb-1 font-semibold">Webhooks</legend>
      <Lines
        id="alert-webhooks"
        label="URLs (one per line): each alert is POSTed as JSON with a Slack/Teams-compatible text field"
        rows={3}
        value={f.webhooks}
        onChange={set('webhooks')}
      />
      <Lines
        id="alert-secrets"
        label="Secrets (optional, one per line, in the same order): the body is signed in X-LVS-Signature"
        rows={2}
        value={secrets}
        onChange={(ev) => setSecrets(ev.target.value)}
        help={secretStored ? 'Stored secrets are kept for their URLs unless you give new ones.' : 'No secret stored.'}
      />
      {Object.entries(errors)
        .filter(([k]) => k.startsWith('webhooks'))
        .map(([k, v]) => (
          <Alert key={k}>{`Webhook ${Number(k.split('.')[1] ?? 0) + 1}: ${v}`}</Alert>
        ))}
    </fieldset>
  );
}

function TimingFields({ f, set, errors, pending }: Part) {
  return (
    <fieldset className="grid gap-3 md:grid-cols-3" disabled={pending}>
      <legend className="mb-1 font-semibold">When to send</legend>
      <Field
        id="alert-hold-down"
        label="Hold-down (s)"
        inputMode="numeric"
        value={f.holdDownSeconds}
        onChange={set('holdDownSeconds')}
        help="A state must hold this long before it is sent, and its recovery likewise."
        error={errors.holdDownSeconds}
      />
      <Field
        id="alert-digest"
        label="Digest window (s)"
        inputMode="numeric"
        value={f.digestWindowSeconds}
        onChange={set('digestWindowSeconds')}
        help="Changes within this window of the first become one message."
        error={errors.digestWindowSeconds}
      />
      <Field
        id="alert-console-url"
        label="Console address for links (optional)"
        value={f.consoleUrl}
        onChange={set('consoleUrl')}
        placeholder="https://lb-console.example.com:9443"
        error={errors.consoleUrl}
      />
    </fieldset>
  );
}

function TestResults({ results }: { results: TestAlertResult[] }) {
  return (
    <section aria-label="Test alert results" role="status">
      <ul className="flex flex-col gap-1">
        {results.map((r) => (
          <li key={r.channel} className={r.ok ? 'text-green-900' : 'text-red-800'}>
            <span className="font-semibold">{r.ok ? 'Sent' : 'Failed'}</span> on {r.channel}: {r.detail}
          </li>
        ))}
      </ul>
    </section>
  );
}

/** The form's values as PUT /api/v1/alerts takes them. */
function toInput(f: Values, emailOn: boolean, secrets: string) {
  const urls = lines(f.webhooks);
  const secretLines = secrets.split('\n').map((s) => s.trim());
  return {
    email: emailOn
      ? {
          host: f.host,
          port: f.port,
          security: f.security,
          username: f.username || undefined,
          ...(f.password ? { password: f.password } : {}),
          from: f.from,
          to: lines(f.to),
        }
      : null,
    webhooks: urls.map((url, i) => (secretLines[i] ? { url, secret: secretLines[i] } : { url })),
    holdDownSeconds: f.holdDownSeconds,
    digestWindowSeconds: f.digestWindowSeconds,
    ...(f.consoleUrl ? { consoleUrl: f.consoleUrl } : {}),
  };
}

/** A labelled text area of one item per line, with its help and its error. */
function Lines({
  id,
  label,
  help,
  error,
  className = '',
  ...area
}: { id: string; label: string; help?: string; error?: string; className?: string } & React.TextareaHTMLAttributes<HTMLTextAreaElement>) {
  return (
    <label className={`flex flex-col gap-1 ${className}`} htmlFor={id}>
      <span className="font-medium">{label}</span>
      <textarea
        id={id}
        {...area}
        aria-invalid={Boolean(error)}
        aria-describedby={help ? `${id}-help` : undefined}
        className="rounded border border-slate-300 p-2 font-mono"
      />
      {help ? (
        <span id={`${id}-help`} className="text-slate-600">
          {help}
        </span>
      ) : null}
      {error ? <span className="text-red-800">{error}</span> : null}
    </label>
  );
}
