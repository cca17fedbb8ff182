/**
 * Rows as aligned columns, each as wide as its widest cell; the last column is not padded, so
 * no line ends in spaces.
 */
export function renderTable(rows: readonly (readonly string[])[], indent = '  '): string {
  const widths: number[] = [];
  for (const row of rows) {
    row.forEach((cell, column) => {
      widths[column] = Math.max(widths[column] ?? 0, cell.length);
    });
  }
  return rows
    .map((row) => {
      const cells = row.map((cell, column) =>
        column === row.length - 1 ? cell : cell.padEnd(widths[column]!),
      );
      return `${indent}${cells.join('  ')}`.trimEnd();
    })
    .join('\n');
}
