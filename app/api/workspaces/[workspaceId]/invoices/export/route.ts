// GET /api/workspaces/:workspaceId/invoices/export?kind&status&from&to: the filtered Invoices list as CSV.
import { stringify } from "csv-stringify/sync";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { INVOICE_CSV_COLUMNS, invoiceCsvRow } from "@/lib/receipts/csv";
import { listInvoices } from "@/lib/receipts/invoices";
import { invoiceFilterSchema } from "@/lib/validation/invoices";

export const dynamic = "force-dynamic";

export const GET = workspaceRoute("credits:purchase", async (ctx, request) => {
  const url = new URL(request.url);
  const first = (key: string) => url.searchParams.get(key) || undefined;
  const filter = invoiceFilterSchema.parse({
    kind: first("kind"),
    status: first("status"),
    from: first("from"),
    to: first("to"),
  });
  // The list is bounded (the newest 5,000 payments), so it is written in one piece.
  const rows = await listInvoices(ctx, ctx.workspace, filter);
  const csv = stringify(
    rows.map((row) => invoiceCsvRow(row, ctx.workspace.timeZone)),
    { header: true, columns: INVOICE_CSV_COLUMNS },
  );
  const stamp = ctx.clock.now().toISOString().slice(0, 10);
  return new Response(csv, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${ctx.workspace.slug}-invoices-${stamp}.csv"`,
      "cache-control": "no-store",
    },
  });
});
