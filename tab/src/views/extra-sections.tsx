import * as React from 'react';
import { isObject, text, type Json } from '../model/reports';
import { TextTable } from './text-table';

const MAX_COLUMNS = 8;

/**
 * Lists of objects a report carries beyond the fields this version knows (a newer task may add, say, managed pools):
 * each is shown as a plain table, its columns the keys of its first rows, every value as text.
 */
export function ExtraSections({ report, known }: { report: Json; known: readonly string[] }): JSX.Element | null {
  const sections = Object.entries(report).filter(
    ([key, value]) => !known.includes(key) && Array.isArray(value) && value.length > 0 && value.every(isObject),
  ) as [string, Json[]][];
  if (sections.length === 0) return null;
  return (
    <>
      {sections.map(([key, rows]) => {
        const keys = [...new Set(rows.slice(0, 50).flatMap((row) => Object.keys(row)))].slice(0, MAX_COLUMNS);
        return (
          <section key={key} aria-label={key}>
            <h3>
              {key} ({rows.length})
            </h3>
            <TextTable<Json>
              label={key}
              rows={rows}
              maxHeight={300}
              columns={keys.map((column) => ({ id: column, name: column, text: (row: Json) => text(row[column]) }))}
            />
          </section>
        );
      })}
    </>
  );
}
