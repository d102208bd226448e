// A table file as the editor holds it, and back. The server's grid (GET …/files/{name}/grid) has
// every cell of each sheet; the editor shows only each table's rule rows, as records keyed by
// column letter. To check or save, the whole sheet is rebuilt: the rows above, between and below
// the tables (RuleSet, RuleTable, type, template and label rows) exactly as they came, and each
// table's rule rows replaced by the edited records in their new order. No DOM here.

/** "A" → 0, "C" → 2, "AA" → 26. */
export function columnIndex(letter) {
  let n = 0;
  for (const c of letter) {
    n = n * 26 + (c.charCodeAt(0) - 64);
  }
  return n - 1;
}

let nextId = 1;

/** A new record for the grid: `origRow` is its row in the stored file (null for a row added here). */
export function record(values, origRow = null) {
  return {id: nextId++, origRow, ...values};
}

/**
 * The file as the editor holds it: its sheets with their cells, and per table its columns and its
 * rule rows as records ({id, origRow, A: …, C: …}), in first-match order.
 */
export function readFile(grid) {
  return {
    file: grid.file,
    sheets: grid.sheets.map((sheet, s) => ({
      name: sheet.name,
      rows: sheet.rows,
      tables: sheet.tables.map((t, i) => ({
        key: `${s}:${i}`,
        sheet: sheet.name,
        name: t.name,
        columns: t.columns,
        firstRow: t.firstRow,
        // Rules are contiguous (a blank row ends a table); with none, the range is empty at firstRow.
        lastRow: t.rows.length ? Math.max(...t.rows.map(r => r.row)) : t.firstRow - 1,
        records: t.rows.map(r => record(valuesOf(sheet.rows[r.row - 1] ?? [], t.columns), r.row)),
      })),
    })),
  };
}

function valuesOf(cells, columns) {
  return Object.fromEntries(columns.map(c => [c.letter, cells[columnIndex(c.letter)] ?? '']));
}

/**
 * The sheets to send (check or save) with each table's rule rows taken from `recordsOf(table)`,
 * and where every record now sits: `locate(sheetName, row)` → {table, id} or null.
 */
export function rebuild(model, recordsOf) {
  const where = new Map();
  const sheets = model.sheets.map(sheet => {
    const rows = sheet.rows.map(r => r.slice());
    const placed = new Map();
    // Bottom-up, so splicing a table does not move the ones above it.
    for (const table of [...sheet.tables].sort((a, b) => b.firstRow - a.firstRow)) {
      const records = recordsOf(table);
      const width = Math.max(...table.columns.map(c => columnIndex(c.letter))) + 1;
      const cells = records.map(rec => {
        const row = rec.origRow ? (sheet.rows[rec.origRow - 1] ?? []).slice() : [];
        while (row.length < width) {
          row.push('');
        }
        for (const c of table.columns) {
          row[columnIndex(c.letter)] = rec[c.letter] ?? '';
        }
        return row;
      });
      rows.splice(table.firstRow - 1, table.lastRow - table.firstRow + 1, ...cells);
      placed.set(table, {records, removed: table.lastRow - table.firstRow + 1});
    }
    // Top-down: each table's rules start where it did, shifted by what the tables above gained or lost.
    let shift = 0;
    for (const table of [...sheet.tables].sort((a, b) => a.firstRow - b.firstRow)) {
      const {records, removed} = placed.get(table);
      records.forEach((rec, i) => where.set(`${sheet.name}\u0000${table.firstRow + shift + i}`, {table, id: rec.id}));
      shift += records.length - removed;
    }
    return {name: sheet.name, rows};
  });
  return {sheets, locate: (sheetName, row) => where.get(`${sheetName ?? null}\u0000${row}`) ?? null};
}

/**
 * Cells copied from Excel (or any spreadsheet) as the clipboard holds them: tab-separated, one line
 * per row; a cell holding a tab, a line break or a quote comes in quotes, "" for a quote.
 */
export function parseClipboard(text) {
  const rows = [[]];
  let cell = '';
  let quoted = false;
  for (let i = 0; i < text.length; i++) {
    const c = text[i];
    if (quoted) {
      if (c === '"' && text[i + 1] === '"') {
        cell += '"';
        i++;
      } else if (c === '"') {
        quoted = false;
      } else {
        cell += c;
      }
    } else if (c === '"' && cell === '') {
      quoted = true;
    } else if (c === '\t') {
      rows.at(-1).push(cell);
      cell = '';
    } else if (c === '\n' || c === '\r') {
      if (c === '\r' && text[i + 1] === '\n') {
        i++;
      }
      rows.at(-1).push(cell);
      cell = '';
      rows.push([]);
    } else {
      cell += c;
    }
  }
  rows.at(-1).push(cell);
  // Excel ends a copied range with a line break: no empty last row.
  if (rows.length > 1 && rows.at(-1).length === 1 && rows.at(-1)[0] === '') {
    rows.pop();
  }
  return rows;
}
