// How features read on screen: the ids the ledger stores, capitalised ("image" -> "Image").
export function featureLabel(feature: string): string {
  return feature.length > 0 ? feature.charAt(0).toUpperCase() + feature.slice(1) : feature;
}
