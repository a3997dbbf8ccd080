// GET /api/workspaces/:workspaceId/receipts/:receiptId/pdf: the receipt as a PDF download (test mode),
// or a redirect to the provider's own receipt or invoice PDF (Stripe).
import { workspaceRoute } from "@/lib/api/workspace-route";
import { renderReceiptPdf } from "@/lib/receipts/pdf";
import { loadReceipt, providerDocumentUrl } from "@/lib/receipts/receipt";

export const dynamic = "force-dynamic";

function notFound(): Response {
  return Response.json({ error: { code: "not_found", message: "No such receipt." } }, { status: 404 });
}

export const GET = workspaceRoute<{ receiptId: string }>("credits:purchase", async (ctx, request, params) => {
  const receipt = await loadReceipt(ctx, ctx.workspace, params.receiptId ?? "");
  if (!receipt) return notFound();
  const stripeDocument = await providerDocumentUrl(ctx, receipt);
  if (stripeDocument) return Response.redirect(stripeDocument, 303);
  // Uncompressed on request, so a reader (or a test) can find the figures in the bytes.
  const compress = new URL(request.url).searchParams.get("compress") !== "0";
  const pdf = await renderReceiptPdf(receipt, { compress });
  return new Response(new Uint8Array(pdf), {
    headers: {
      "content-type": "application/pdf",
      "content-disposition": `attachment; filename="receipt-${receipt.number}.pdf"`,
      "content-length": String(pdf.length),
      "cache-control": "private, no-store",
    },
  });
});
