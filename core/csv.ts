/**
 * One RFC 4180 CSV field, always quoted. Text starting like a spreadsheet formula (= + - @, tab, CR)
 * gets a leading apostrophe, so a spreadsheet shows it instead of running it (OWASP CSV injection).
 */
export function csvField(value: string): string {
  return `"${(/^[=+\-@\t\r]/.test(value) ? `'${value}` : value).replace(/"/g, '""')}"`;
}

/** A CSV record of quoted fields, CRLF-terminated. */
export const csvRecord = (values: readonly string[]): string => `${values.map(csvField).join(',')}\r\n`;
