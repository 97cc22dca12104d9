// Numbers as people read them in hdev's lines. Not toLocaleString: Intl's first use costs tens
// of milliseconds (it loads ICU's data), and `hdev start` would pay it on its way to the dynos.

/** 1500 → "1,500"; 1234567.5 → "1,234,567.5": commas between groups of three digits. */
export function groupThousands(value: number): string {
  const [whole = '', fraction] = String(value).split('.');
  const grouped = whole.replace(/\B(?=(\d{3})+$)/g, ',');
  return fraction === undefined ? grouped : `${grouped}.${fraction}`;
}
