// GET /api/workspaces/:workspaceId/transactions/export?type&member&from&to: the filtered history as CSV.
import { stringify } from "csv-stringify";
import { workspaceRoute } from "@/lib/api/workspace-route";
import { listTransactions } from "@/lib/ledger";
import { toTransactionFilter } from "@/lib/ledger/filters";
import { transactionFilterSchema } from "@/lib/validation/credits";
import { CSV_COLUMNS, transactionCsvRow } from "@/lib/credits/csv";

export const dynamic = "force-dynamic";

const PAGE = 1_000;

export const GET = workspaceRoute("credits:view", async (ctx, request) => {
  const url = new URL(request.url);
  const params = transactionFilterSchema.parse(Object.fromEntries(url.searchParams));
  const filter = toTransactionFilter(params, ctx.workspace.timeZone);
  const csv = stringify({ header: true, columns: CSV_COLUMNS });
  // Page through the ledger by keyset and stream, so a long history never sits in memory.
  void (async () => {
    try {
      let cursor: number | null = null;
      do {
        const page = await listTransactions(ctx.db, ctx.workspace.id, { limit: PAGE, cursor, filter });
        for (const item of page.items) {
          if (!csv.write(transactionCsvRow(item, ctx.workspace.timeZone))) {
            await new Promise((resolve) => csv.once("drain", resolve));
          }
        }
        cursor = page.nextCursor;
      } while (cursor);
      csv.end();
    } catch (error) {
      csv.destroy(error as Error);
    }
  })();
  const stream = new ReadableStream<Uint8Array>({
    start(controller) {
      csv.on("data", (chunk: Buffer | string) =>
        controller.enqueue(
          typeof chunk === "string" ? new TextEncoder().encode(chunk) : new Uint8Array(chunk),
        ),
      );
      csv.on("end", () => controller.close());
      csv.on("error", (error) => controller.error(error));
    },
  });
  const stamp = ctx.clock.now().toISOString().slice(0, 10);
  return new Response(stream, {
    headers: {
      "content-type": "text/csv; charset=utf-8",
      "content-disposition": `attachment; filename="${ctx.workspace.slug}-transactions-${stamp}.csv"`,
      "cache-control": "no-store",
    },
  });
});
