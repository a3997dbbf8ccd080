import type { Metadata, Viewport } from "next";
import type { ReactNode } from "react";
import { Toaster } from "sonner";
import { Providers } from "@/components/shell/providers";
import "./globals.css";

export const metadata: Metadata = {
  title: { default: "Creditpool", template: "%s · Creditpool" },
  description: "Credits and billing for your team workspace.",
  // public/icon.svg; the brand mark in the header shows the same file.
  icons: { icon: { url: "/icon.svg", type: "image/svg+xml", sizes: "any" } },
};

export const viewport: Viewport = {
  themeColor: [
    { media: "(prefers-color-scheme: light)", color: "#f8fafc" },
    { media: "(prefers-color-scheme: dark)", color: "#020617" },
  ],
};

export default function RootLayout({ children }: { children: ReactNode }) {
  return (
    <html lang="en">
      <body className="min-h-dvh bg-slate-50 font-sans text-slate-900 antialiased dark:bg-slate-950 dark:text-slate-100">
        <Providers>{children}</Providers>
        {/* Confirmations after an action ("Workspace settings saved."); errors are shown inline. */}
        <Toaster theme="system" position="bottom-right" closeButton />
      </body>
    </html>
  );
}
