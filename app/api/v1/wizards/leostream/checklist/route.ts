import { apiRoute } from '@/lib/server/auth/api-route';
import { getLeostreamChecklist } from '@/lib/server/leostream/wizard';

// GET /api/v1/wizards/leostream/checklist - the Leostream-side steps for this deployment, as Markdown
export const GET = apiRoute('read-only', async () => {
  const { markdown } = await getLeostreamChecklist();
  return new Response(markdown, {
    headers: { 'content-type': 'text/markdown; charset=utf-8', 'content-disposition': 'attachment; filename="leostream-checklist.md"' },
  });
});
