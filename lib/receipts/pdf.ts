// The receipt as a PDF, made on the server with pdfkit and its standard Helvetica (the font's
// metrics ship inside the package: nothing is fetched, no font file is bundled). Standard fonts
// only draw WinAnsi text, so any other character prints as "?" rather than as a wrong glyph.
import "server-only";
import PDFDocument from "pdfkit";
import { formatCents } from "@/lib/billing/top-ups";
import { formatCredits, formatTimestampWithZone } from "@/lib/format";
import { RECEIPT_KIND_LABELS } from "./figures";
import { billedToLines, reversalLabel, taxNote, type Receipt } from "./receipt";

/** WinAnsi's characters above Latin-1 (the euro sign, dashes, quotes, ...). */
const WIN_ANSI_EXTRA = new Set("€‚ƒ„…†‡ˆ‰Š‹ŒŽ‘’“”•–—˜™š›œžŸ");

export function toWinAnsi(text: string): string {
  return Array.from(text, (char) => {
    const code = char.codePointAt(0) ?? 0;
    return (code >= 0x20 && code <= 0x7e) || (code >= 0xa0 && code <= 0xff) || WIN_ANSI_EXTRA.has(char)
      ? char
      : "?";
  }).join("");
}

const LEFT = 56;
const RIGHT = 539;
const WIDTH = RIGHT - LEFT;

/** The receipt's PDF. `compress: false` keeps the text readable in the bytes (tests read it). */
export function renderReceiptPdf(receipt: Receipt, options: { compress?: boolean } = {}): Promise<Buffer> {
  const doc = new PDFDocument({
    size: "A4",
    margin: LEFT,
    compress: options.compress ?? true,
    info: { Title: `Receipt ${receipt.number}`, Author: receipt.seller.name, Subject: "Receipt" },
  });
  const chunks: Buffer[] = [];
  const done = new Promise<Buffer>((resolve, reject) => {
    doc.on("data", (chunk: Buffer) => chunks.push(chunk));
    doc.on("end", () => resolve(Buffer.concat(chunks)));
    doc.on("error", reject);
  });
  const money = (cents: number) => formatCents(cents, receipt.currency);
  const text = (value: string, x: number, y: number, opts: PDFKit.Mixins.TextOptions = {}) =>
    doc.text(toWinAnsi(value), x, y, opts);

  doc.font("Helvetica-Bold").fontSize(20);
  text("Receipt", LEFT, 56);
  doc.font("Helvetica").fontSize(10);
  text(`Receipt number: ${receipt.number}`, LEFT, 86);
  text(`Paid: ${formatTimestampWithZone(receipt.paidAt, receipt.timeZone)} (${receipt.timeZone})`, LEFT, 100);
  text(`Type: ${RECEIPT_KIND_LABELS[receipt.kind]}`, LEFT, 114);
  if (receipt.paymentReference) text(`Payment reference: ${receipt.paymentReference}`, LEFT, 128);

  doc.font("Helvetica-Bold");
  text("From", LEFT, 164);
  text("Billed to", LEFT + WIDTH / 2, 164);
  doc.font("Helvetica");
  const seller = [...receipt.seller.addressLines, receipt.seller.email, `Tax ID: ${receipt.seller.taxId}`];
  seller.forEach((line, i) => text(line, LEFT, 180 + i * 14, { width: WIDTH / 2 - 12 }));
  billedToLines(receipt).forEach((line, i) =>
    text(line, LEFT + WIDTH / 2, 180 + i * 14, { width: WIDTH / 2, height: 14, ellipsis: true }),
  );

  let y = 300;
  doc.font("Helvetica-Bold");
  text("Description", LEFT, y);
  text("Credits", LEFT + 280, y, { width: 90, align: "right" });
  text("Amount", RIGHT - 100, y, { width: 100, align: "right" });
  doc
    .moveTo(LEFT, y + 14)
    .lineTo(RIGHT, y + 14)
    .strokeColor("#cbd5e1")
    .stroke();
  doc.font("Helvetica");
  y += 22;
  text(receipt.line.description, LEFT, y, { width: 270 });
  text(receipt.line.credits === null ? "" : formatCredits(receipt.line.credits), LEFT + 280, y, {
    width: 90,
    align: "right",
  });
  text(money(receipt.line.amountCents), RIGHT - 100, y, { width: 100, align: "right" });

  y += 44;
  const row = (label: string, value: string, bold = false) => {
    doc.font(bold ? "Helvetica-Bold" : "Helvetica");
    text(label, LEFT + 240, y, { width: 180 });
    text(value, RIGHT - 100, y, { width: 100, align: "right" });
    y += 16;
  };
  row("Subtotal", money(receipt.totals.paidCents));
  row("Tax", money(receipt.totals.taxCents));
  row("Amount paid", money(receipt.totals.paidCents), true);
  for (const reversal of receipt.reversals) {
    row(reversalLabel(reversal, receipt.timeZone), `-${money(reversal.amountCents)}`);
  }
  if (receipt.reversals.length > 0) row("Net paid", money(receipt.totals.netCents), true);

  y += 16;
  doc.font("Helvetica").fontSize(9).fillColor("#475569");
  text(taxNote(receipt), LEFT, y, { width: WIDTH });
  doc.end();
  return done;
}
