/** @type {import('next').NextConfig} */
const nextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // The Import page sends a file of up to 16 MB (lib/schemas/import-source.ts) through a server action;
  // the page checks the encoded size against this before sending, the action the file's size.
  experimental: { serverActions: { bodySizeLimit: '20mb' } },
  // Native and WASM packages are loaded by Node at run time, not bundled.
  serverExternalPackages: [
    '@node-rs/argon2',
    'better-sqlite3',
    '@prisma/adapter-better-sqlite3',
    '@prisma/adapter-pg',
    'pg',
    '@prisma/schema-engine-wasm',
    'ssh2',
  ],
  async redirects() {
    // The appliance lives at https://host:9443/lbadmin/; keep that bookmark working.
    return [
      { source: '/lbadmin', destination: '/', permanent: false },
      { source: '/lbadmin/:path*', destination: '/', permanent: false },
    ];
  },
  async headers() {
    return [
      {
        source: '/:path*',
        headers: [
          { key: 'X-Frame-Options', value: 'DENY' },
          { key: 'X-Content-Type-Options', value: 'nosniff' },
          { key: 'Referrer-Policy', value: 'same-origin' },
          { key: 'Strict-Transport-Security', value: 'max-age=31536000' },
        ],
      },
    ];
  },
};

module.exports = nextConfig;
