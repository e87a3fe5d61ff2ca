import * as React from 'react';
import { ListSelection } from 'azure-devops-ui/List';
import { ColumnSorting, SimpleTableCell, SortOrder, Table, type ITableColumn } from 'azure-devops-ui/Table';
import { ArrayItemProvider } from 'azure-devops-ui/Utilities/Provider';

/** One column of a {@link TextTable}: a header and the row's text (React renders it as text: a name never becomes markup). */
export interface TextColumn<T> {
  id: string;
  name: string;
  /** Proportional width (negative numbers in azure-devops-ui terms); default 20. */
  weight?: number;
  text(row: T): string;
  /** Optional class of the cell's text (e.g. a severity colour). */
  className?(row: T): string | undefined;
  sortable?: boolean;
}

export interface TextTableProps<T> {
  label: string;
  rows: readonly T[];
  columns: TextColumn<T>[];
  /** Called when a row is selected by mouse or keyboard (arrow keys select as focus moves). */
  onSelect?(row: T): void;
  sortedBy?: { id: string; descending: boolean };
  onSort?(columnId: string, descending: boolean): void;
  /** CSS max height of the scrolling area; rows are virtualized within it. */
  maxHeight?: number;
  rowKey?(row: T): string;
}

/**
 * azure-devops-ui's Table (virtualized rows, keyboard navigation, sortable headers) over plain text cells. Sorting
 * itself belongs to the caller, which owns the data.
 */
export function TextTable<T extends object>(props: TextTableProps<T>): JSX.Element {
  const { rows, columns, onSelect, onSort, sortedBy, label } = props;
  const selection = React.useMemo(() => new ListSelection({ selectOnFocus: true }), []);
  const provider = React.useMemo(() => new ArrayItemProvider<T>(rows as T[]), [rows]);
  const tableColumns = React.useMemo(
    (): ITableColumn<T>[] =>
      columns.map((column) => ({
        id: column.id,
        name: column.name,
        width: -(column.weight ?? 20),
        sortProps: column.sortable
          ? {
              ariaLabelAscending: 'Sorted A to Z',
              ariaLabelDescending: 'Sorted Z to A',
              sortOrder: sortedBy?.id === column.id ? (sortedBy.descending ? SortOrder.descending : SortOrder.ascending) : undefined,
            }
          : undefined,
        renderCell: (_rowIndex, columnIndex, tableColumn, row) => (
          <SimpleTableCell key={column.id} columnIndex={columnIndex} tableColumn={tableColumn}>
            <span className={`pw-cell text-ellipsis ${column.className?.(row) ?? ''}`} title={column.text(row)}>
              {column.text(row)}
            </span>
          </SimpleTableCell>
        ),
      })),
    [columns, sortedBy],
  );
  const behaviors = React.useMemo(
    () =>
      onSort
        ? [
            new ColumnSorting<T>((columnIndex, proposed) => {
              onSort(tableColumns[columnIndex].id, proposed === SortOrder.descending);
            }),
          ]
        : [],
    [onSort, tableColumns],
  );
  React.useEffect(() => {
    selection.clear();
  }, [rows, selection]);
  return (
    <div className="pw-table-scroll" style={{ maxHeight: props.maxHeight ?? 480 }}>
      <Table<T>
        ariaLabel={label}
        columns={tableColumns}
        itemProvider={provider}
        selection={selection}
        behaviors={behaviors}
        onSelect={(_event, row) => onSelect?.(row.data)}
        onActivate={(_event, row) => onSelect?.(row.data)}
        containerClassName="pw-table"
        role="grid"
      />
    </div>
  );
}
