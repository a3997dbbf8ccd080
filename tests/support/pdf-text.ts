// The text of an uncompressed pdfkit PDF: its standard fonts write each line as a TJ array of hex
// strings (split where kerning applies), so joining one array's strings gives the line back.

/** Every line of text drawn in the PDF, in drawing order. */
export function pdfTextLines(pdf: Buffer): string[] {
  const source = pdf.toString("latin1");
  return [...source.matchAll(/\[((?:<[0-9a-f]*>\s*-?[\d.]*\s*)+)\] TJ/g)].map((match) =>
    [...(match[1] ?? "").matchAll(/<([0-9a-f]*)>/g)]
      .map((hex) => Buffer.from(hex[1] ?? "", "hex").toString("latin1"))
      .join(""),
  );
}

/** Whether the bytes are a whole PDF: the header first and the end-of-file marker last. */
export function isWholePdf(pdf: Buffer): boolean {
  return (
    pdf.subarray(0, 5).toString("latin1") === "%PDF-" &&
    /%%EOF\s*$/.test(pdf.subarray(-16).toString("latin1"))
  );
}
