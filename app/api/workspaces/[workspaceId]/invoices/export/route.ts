// GET /api/workspaces/:workspaceId/invoices/export?kind&status&from&to: the filtered Invoices list as CSV.
import { stringify } from "csv-stringify/sync";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { INVOICE_CSV_COLUMNS, invoiceCsvRow } from "@/lib/receipts/csv";
import { describeErrorForLog } from "@/lib/log/safe-error";
import { getLogger } from "@/lib/log/logger";
import { listInvoices, type InvoiceRow } from "@/lib/receipts/invoices";
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
  // The list is bounded (the newest 5,000 payments), so it is written in one piece. The plan's
  // invoices come from the payments provider, which may be unreachable for a moment.
  let rows: InvoiceRow[];
  try {
    rows = await listInvoices(ctx, ctx.workspace, filter);
  } catch (error) {
    getLogger().warn(`creditpool invoices: could not export: ${describeErrorForLog(error)}`);
    return Response.json(
      { error: { code: "unavailable", message: "The invoices could not be loaded just now. Try again." } },
      { status: 503 },
    );
  }
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
