package sqlstore

import "database/sql"

// rowScanner is what *sql.Row and *sql.Rows share; the stores' scan
// functions take it so one function reads a row from either.
type rowScanner = interface{ Scan(dest ...any) error }

// collect reads every row of a query with scan and closes the rows. It
// takes the query's error too, so a list reads as one call:
//
//	rows, err := s.db.q(ctx).QueryContext(ctx, query, args...)
//	out, err := collect(rows, err, scanThing)
func collect[T any](rows *sql.Rows, err error, scan func(rowScanner) (T, error)) ([]T, error) {
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []T
	for rows.Next() {
		v, err := scan(rows)
		if err != nil {
			return nil, err
		}
		out = append(out, v)
	}
	return out, rows.Err()
}

// boolInt is a flag as the INTEGER column that stores it.
func boolInt(b bool) int {
	if b {
		return 1
	}
	return 0
}

// stringArgs passes strings as a query's arguments.
func stringArgs(ss []string) []any {
	args := make([]any, len(ss))
	for i, s := range ss {
		args[i] = s
	}
	return args
}
