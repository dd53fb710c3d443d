/** A file's size as people read it, in `language`: `48 kB`, `1.5 MB`. */
export function fileSize(bytes: number, language: string): string {
  const [value, unit] = bytes >= 1048576 ? [bytes / 1048576, 'megabyte'] : [Math.max(1, bytes / 1024), 'kilobyte'];
  return new Intl.NumberFormat(language, { style: 'unit', unit, maximumFractionDigits: 1 }).format(value);
}
