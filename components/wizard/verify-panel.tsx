'use client';
import { useRef, useState, useTransition } from 'react';
import Link from 'next/link';
import { verifyLeostreamAction } from '@/app/(console)/cluster-configuration/leostream/actions';
import type { ActionData } from '@/lib/schemas/action-state';
import { Alert } from '@/components/ui/alert';
import { Button } from '@/components/ui/button';

type Report = ActionData<typeof verifyLeostreamAction>;
const STATUS_LABEL = { pass: 'Pass', fail: 'Fail', warn: 'Not checked' } as const;
const STATUS_STYLE = {
  pass: 'border-green-300 bg-green-50',
  fail: 'border-red-300 bg-red-50',
  warn: 'border-amber-300 bg-amber-50',
} as const;

/** "Verify the deployment": one click, checked from the directors; each result says what to fix. */
export function VerifyPanel({ canVerify }: { canVerify: boolean }) {
  const [report, setReport] = useState<Report | null>(null);
  const [error, setError] = useState<string | null>(null);
  const [pending, start] = useTransition();
  const result = useRef<HTMLHeadingElement>(null);
  return (
    <section aria-labelledby="verify-title" className="flex flex-col gap-3 rounded border border-slate-200 bg-white p-4">
      <h2 id="verify-title" className="text-lg font-semibold">
        Verify the deployment
      </h2>
      <p className="text-sm text-slate-700">
        From each director: every gateway answers /app/system/ping with OK and every broker cb_status with CB_IS_OK on its own address, the
        services are in every kernel, and in Direct Routing no real server answers ARP for a VIP.
      </p>
      <div>
        <Button
          type="button"
          variant="secondary"
          disabled={!canVerify || pending}
          onClick={() =>
            start(async () => {
              setError(null);
              const r = await verifyLeostreamAction();
              if (r.ok && r.data) setReport(r.data);
              else setError(r.message ?? 'Verify failed.');
              requestAnimationFrame(() => result.current?.focus());
            })
          }
        >
          {pending ? 'Verifying… (a few seconds per director)' : 'Verify the deployment'}
        </Button>
        {!canVerify ? <span className="ml-2 text-sm text-slate-600">Needs the operator role.</span> : null}
      </div>
      {error ? <Alert>{error}</Alert> : null}
      {report ? (
        <div className="flex flex-col gap-2">
          <h3 ref={result} tabIndex={-1} className="font-semibold">
            {report.passed ? 'Verify passed' : `Verify found ${report.items.filter((i) => i.status !== 'pass').length} problem(s)`}{' '}
            <span className="text-sm font-normal text-slate-600">({new Date(report.checkedAt).toLocaleTimeString()})</span>
          </h3>
          <ul aria-label="Verify results" className="flex flex-col gap-2">
            {report.items.map((i) => (
              <li key={i.id} className={`rounded border px-3 py-2 text-sm ${STATUS_STYLE[i.status]}`}>
                <p>
                  <strong>{STATUS_LABEL[i.status]}:</strong> {i.title}
                </p>
                <p>{i.detail}</p>
                {i.fix ? (
                  <p>
                    <strong>Fix:</strong> {i.fix}
                  </p>
                ) : null}
                {i.prepare ? (
                  <p>
                    <Link className="underline" href={`/cluster-configuration/leostream/checklist#${i.prepare}`}>
                      Preparation steps for this real server
                    </Link>
                  </p>
                ) : null}
              </li>
            ))}
          </ul>
        </div>
      ) : null}
    </section>
  );
}
