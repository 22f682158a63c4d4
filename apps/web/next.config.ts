import type { NextConfig } from 'next';

const nextConfig: NextConfig = {
  reactStrictMode: true,
  poweredByHeader: false,
  // Workspace packages ship TypeScript source; Next compiles them with the app.
  transpilePackages: ['@bithedge/api', '@bithedge/db', '@bithedge/pricing', '@bithedge/contracts'],
  // Loaded by Node at run time: PGlite reads its WASM and data files from its own folder.
  serverExternalPackages: [
    '@electric-sql/pglite',
    'postgres',
    '@stacks/clarinet-sdk',
    '@stacks/clarinet-sdk-wasm',
  ],
};

export default nextConfig;
