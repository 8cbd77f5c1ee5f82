import type { Metadata } from 'next';
import { requirePageUser } from '@/lib/server/auth/session';
import { getLeostreamChecklistSections } from '@/lib/server/leostream/wizard';
import { PageHeader, LinkButton } from '@/components/ui/page-header';
import { Alert } from '@/components/ui/alert';
import { PrintButton } from '@/components/wizard/print-button';

export const metadata: Metadata = { title: 'Leostream checklist' };

// GET /cluster-configuration/leostream/checklist
export default async function LeostreamChecklistPage() {
  await requirePageUser();
  const checklist = await getLeostreamChecklistSections();
  return (
    <section aria-labelledby="page-title" className="flex max-w-4xl flex-col gap-6">
      <PageHeader
        title="Leostream checklist"
        crumbs={[
          { href: '/cluster-configuration', label: 'Cluster Configuration' },
          { href: '/cluster-configuration/leostream', label: 'Leostream Wizard' },
        ]}
        actions={
          checklist ? (
            <>
              <PrintButton />
              <a
                href="/api/v1/wizards/leostream/checklist"
                download="leostream-checklist.md"
                className="inline-flex items-center rounded border border-slate-300 bg-white px-4 py-2 text-sm font-medium text-slate-800 hover:bg-slate-100"
              >
                Download Markdown
              </a>
            </>
          ) : undefined
        }
      />
      {!checklist ? (
        <>
          <Alert kind="info">There is no Leostream deployment yet: run the wizard first.</Alert>
          <div>
            <LinkButton href="/cluster-configuration/leostream">Leostream Wizard</LinkButton>
          </div>
        </>
      ) : (
        <>
          <p className="text-sm text-slate-700">{checklist.summary}</p>
          {checklist.sections.map((s) => (
            <section
              key={s.id}
              aria-labelledby={`cl-${s.id}`}
              className="rounded border border-slate-200 bg-white p-4 print:border-0 print:p-0"
            >
              <h2 id={`cl-${s.id}`} className="text-lg font-semibold">
                {s.title}
              </h2>
              {s.intro ? <p className="mt-1 text-sm text-slate-700">{s.intro}</p> : null}
              <ol className="mt-2 ml-5 flex list-decimal flex-col gap-2 text-sm">
                {s.steps.map((step, i) => (
                  <li key={i} id={step.anchor} className="scroll-mt-4 target:bg-amber-50">
                    {step.text}
                    {step.code ? <pre className="mt-1 overflow-x-auto rounded bg-slate-100 p-2 text-xs">{step.code}</pre> : null}
                  </li>
                ))}
              </ol>
            </section>
          ))}
        </>
      )}
    </section>
  );
}
