// A minimal writer for the "newc" cpio format the kernel unpacks as an initramfs.
export interface CpioEntry {
  name: string; // without leading slash
  mode: number; // including the type bits (0o100000 file, 0o040000 dir)
  data?: Buffer;
}

function header(e: CpioEntry, ino: number): Buffer {
  const size = e.data?.length ?? 0;
  const name = Buffer.from(`${e.name}\0`);
  const fields = [ino, e.mode, 0, 0, 1, 0, size, 0, 0, 0, 0, name.length, 0].map((n) => n.toString(16).padStart(8, '0'));
  const head = Buffer.from(`070701${fields.join('')}`, 'ascii');
  const pad = (4 - ((head.length + name.length) % 4)) % 4;
  return Buffer.concat([head, name, Buffer.alloc(pad)]);
}

export function cpioArchive(entries: CpioEntry[]): Buffer {
  const parts: Buffer[] = [];
  entries.forEach((e, i) => {
    parts.push(header(e, i + 1));
    if (e.data?.length) {
      parts.push(e.data, Buffer.alloc((4 - (e.data.length % 4)) % 4));
    }
  });
  parts.push(header({ name: 'TRAILER!!!', mode: 0 }, 0));
  const out = Buffer.concat(parts);
  return Buffer.concat([out, Buffer.alloc((512 - (out.length % 512)) % 512)]);
}
