export function Alert({ kind = 'error', children }: { kind?: 'error' | 'info' | 'success'; children: React.ReactNode }) {
  const style = {
    error: 'border-red-300 bg-red-50 text-red-800',
    info: 'border-sky-300 bg-sky-50 text-sky-900',
    success: 'border-green-300 bg-green-50 text-green-900',
  }[kind];
  return (
    <div role={kind === 'error' ? 'alert' : 'status'} className={`rounded border px-3 py-2 text-sm ${style}`}>
      {children}
    </div>
  );
}
