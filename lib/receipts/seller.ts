// Creditpool's own details as the seller on every receipt: the one place to change them.

export const SELLER = {
  name: "Creditpool",
  addressLines: [
    "Creditpool, Inc.",
    "548 Market Street, Suite 4200",
    "San Francisco, CA 94104",
    "United States",
  ],
  email: "billing@creditpool.example",
  /** The seller's tax id, printed beside the tax line. */
  taxId: "US EIN 00-0000000",
} as const;
