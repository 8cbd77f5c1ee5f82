import type { Metadata } from 'next';
import './globals.css';

// Every page reads the database or the session: nothing is prerendered at build time.
export const dynamic = 'force-dynamic';

export const metadata: Metadata = {
  title: { default: 'lvs-console', template: '%s · lvs-console' },
  description: 'Layer 4 load balancing console for LVS/IPVS and keepalived',
};

export default function RootLayout({ children }: { children: React.ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-screen bg-slate-50 font-sans text-slate-900 antialiased">{children}</body>
    </html>
  );
}
