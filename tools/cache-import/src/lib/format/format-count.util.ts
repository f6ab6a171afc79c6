/** An integer with thousands separators, independent of the machine's locale: `1,234,567`. */
export function formatCount(value: number): string {
  return Math.round(value).toString().replace(/\B(?=(\d{3})+(?!\d))/g, ',');
}
