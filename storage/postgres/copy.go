package postgres

import (
	"context"
	"database/sql"
	"errors"
	"fmt"
	"maps"
	"slices"
	"strings"

	"github.com/jackc/pgx/v5"
	"github.com/jackc/pgx/v5/stdlib"

	"linli/storage/sqlstore"
)

// CopyReport is what a copy moved and checked.
type CopyReport struct {
	// Rows counts the rows of each table, equal in both stores.
	Rows map[string]int64
	// Balances counts the (member, community) balances found equal.
	Balances int
}

// ErrNotEmpty is returned when the target of a copy already holds data.
var ErrNotEmpty = errors.New("target database is not empty")

// CopyFromSQLite moves a SQLite deployment's whole store into dst, an
// empty PostgreSQL database migrated to the same version, in one
// transaction: a failed copy leaves dst empty. Rows keep their ids, and
// tables are filled in the order they were created, so every reference
// finds its row. Afterwards it checks that every table holds as many rows
// in both and that every member's balance in every community is the same.
func CopyFromSQLite(ctx context.Context, src, dst *sqlstore.DB) (CopyReport, error) {
	rep := CopyReport{Rows: map[string]int64{}}
	if src.Dialect() != sqlstore.SQLite || dst.Dialect() != sqlstore.Postgres {
		return rep, fmt.Errorf("copy store: from %s to %s; want sqlite to postgres", src.Dialect(), dst.Dialect())
	}
	tables, err := sqliteTables(ctx, src.SQL())
	if err != nil {
		return rep, fmt.Errorf("copy store: %w", err)
	}
	for _, t := range tables {
		var any bool
		if err := dst.SQL().QueryRowContext(ctx, `SELECT EXISTS (SELECT 1 FROM `+pgx.Identifier{t}.Sanitize()+`)`).Scan(&any); err != nil {
			return rep, fmt.Errorf("copy store: target table %s: %w", t, err)
		}
		if any {
			return rep, fmt.Errorf("copy store: %w: table %s has rows", ErrNotEmpty, t)
		}
	}
	conn, err := dst.SQL().Conn(ctx)
	if err != nil {
		return rep, fmt.Errorf("copy store: %w", err)
	}
	defer conn.Close()
	err = conn.Raw(func(dc any) error {
		pc := dc.(*stdlib.Conn).Conn()
		tx, err := pc.Begin(ctx)
		if err != nil {
			return err
		}
		defer tx.Rollback(ctx)
		for _, t := range tables {
			n, err := copyTable(ctx, src.SQL(), tx, t)
			if err != nil {
				return fmt.Errorf("table %s: %w", t, err)
			}
			rep.Rows[t] = n
		}
		if err := advanceSequences(ctx, tx); err != nil {
			return fmt.Errorf("advance sequences: %w", err)
		}
		if err := keepNumbersUsed(ctx, src.SQL(), tx); err != nil {
			return fmt.Errorf("numbers used: %w", err)
		}
		return tx.Commit(ctx)
	})
	if err != nil {
		return rep, fmt.Errorf("copy store: %w", err)
	}
	if err := checkCopy(ctx, src, dst, tables, &rep); err != nil {
		return rep, fmt.Errorf("copy store: check: %w", err)
	}
	return rep, nil
}

// advanceSequences moves every identity sequence past the highest id
// copied, so the next row numbered by PostgreSQL does not collide.
func advanceSequences(ctx context.Context, tx pgx.Tx) error {
	rows, err := tx.Query(ctx, `SELECT table_name, column_name FROM information_schema.columns
		WHERE table_schema = current_schema() AND is_identity = 'YES' AND identity_generation = 'BY DEFAULT'`)
	if err != nil {
		return err
	}
	type col struct{ table, column string }
	var cols []col
	for rows.Next() {
		var c col
		if err := rows.Scan(&c.table, &c.column); err != nil {
			return err
		}
		cols = append(cols, c)
	}
	if err := rows.Err(); err != nil {
		return err
	}
	for _, c := range cols {
		t, k := pgx.Identifier{c.table}.Sanitize(), pgx.Identifier{c.column}.Sanitize()
		if _, err := tx.Exec(ctx, `SELECT setval(pg_get_serial_sequence($1, $2), coalesce(max(`+k+`), 0) + 1, false) FROM `+t,
			t, c.column); err != nil {
			return fmt.Errorf("%s.%s: %w", c.table, c.column, err)
		}
	}
	return nil
}

// keepNumbersUsed carries over SQLite's record of the highest number each
// AUTOINCREMENT table ever gave (sqlite_sequence) to linli_sequence, so a
// number whose row was deleted before the move is not given out again
// after it.
func keepNumbersUsed(ctx context.Context, src *sql.DB, tx pgx.Tx) error {
	rows, err := src.QueryContext(ctx, `SELECT name, seq FROM sqlite_sequence`)
	if err != nil {
		return err
	}
	used := map[string]int64{}
	for rows.Next() {
		var name string
		var seq int64
		if err := rows.Scan(&name, &seq); err != nil {
			rows.Close()
			return err
		}
		used[name] = seq
	}
	rows.Close()
	if err := rows.Err(); err != nil {
		return err
	}
	for _, name := range slices.Sorted(maps.Keys(used)) {
		if _, err := tx.Exec(ctx, `INSERT INTO linli_sequence(name, seq) VALUES ($1, $2)
			ON CONFLICT (name) DO UPDATE SET seq = greatest(linli_sequence.seq, excluded.seq)`, name, used[name]); err != nil {
			return fmt.Errorf("%s: %w", name, err)
		}
	}
	return nil
}

// sqliteTables lists the store's tables in the order they were created,
// leaving out the migrations record and a simulation's wire (sim_wire),
// which no deployment has.
func sqliteTables(ctx context.Context, db *sql.DB) ([]string, error) {
	rows, err := db.QueryContext(ctx, `SELECT name FROM sqlite_master
		WHERE type = 'table' AND name NOT LIKE 'sqlite_%' AND name NOT IN ('schema_migrations', 'sim_wire') ORDER BY rowid`)
	if err != nil {
		return nil, err
	}
	defer rows.Close()
	var out []string
	for rows.Next() {
		var t string
		if err := rows.Scan(&t); err != nil {
			return nil, err
		}
		out = append(out, t)
	}
	return out, rows.Err()
}

// copyTable streams one table with COPY, in the order SQLite stored its
// rows (which the tables listed by rowid keep in PostgreSQL's own rowid).
func copyTable(ctx context.Context, src *sql.DB, tx pgx.Tx, table string) (int64, error) {
	types := map[string]string{}
	rows, err := tx.Query(ctx, `SELECT column_name, data_type FROM information_schema.columns
		WHERE table_schema = current_schema() AND table_name = $1 AND is_generated = 'NEVER'
			AND NOT (is_identity = 'YES' AND identity_generation = 'ALWAYS')`, table)
	if err != nil {
		return 0, err
	}
	for rows.Next() {
		var c, t string
		if err := rows.Scan(&c, &t); err != nil {
			return 0, err
		}
		types[c] = t
	}
	if err := rows.Err(); err != nil {
		return 0, err
	}
	cols := slices.Sorted(maps.Keys(types))
	quoted := make([]string, len(cols))
	for i, c := range cols {
		quoted[i] = `"` + c + `"`
	}
	sel := `SELECT ` + strings.Join(quoted, ", ") + ` FROM "` + table + `"`
	srcRows, err := src.QueryContext(ctx, sel+` ORDER BY rowid`)
	if err != nil {
		// A table WITHOUT ROWID has no arrival order to keep.
		if srcRows, err = src.QueryContext(ctx, sel); err != nil {
			return 0, err
		}
	}
	defer srcRows.Close()
	var data [][]any
	for srcRows.Next() {
		vals := make([]any, len(cols))
		ptrs := make([]any, len(cols))
		for i := range vals {
			ptrs[i] = &vals[i]
		}
		if err := srcRows.Scan(ptrs...); err != nil {
			return 0, err
		}
		for i, v := range vals {
			if b, ok := v.([]byte); ok && types[cols[i]] != "bytea" {
				vals[i] = string(b)
			}
		}
		data = append(data, vals)
	}
	if err := srcRows.Err(); err != nil {
		return 0, err
	}
	return tx.CopyFrom(ctx, pgx.Identifier{table}, cols, pgx.CopyFromRows(data))
}

// checkCopy compares row counts and balances of the two stores.
func checkCopy(ctx context.Context, src, dst *sqlstore.DB, tables []string, rep *CopyReport) error {
	for _, t := range tables {
		var a, b int64
		q := `SELECT count(*) FROM "` + t + `"`
		if err := src.SQL().QueryRowContext(ctx, q).Scan(&a); err != nil {
			return err
		}
		if err := dst.SQL().QueryRowContext(ctx, q).Scan(&b); err != nil {
			return err
		}
		if a != b || a != rep.Rows[t] {
			return fmt.Errorf("table %s: %d rows in SQLite, %d copied, %d in PostgreSQL", t, a, rep.Rows[t], b)
		}
	}
	balances := func(db *sql.DB) (map[string]int64, error) {
		rows, err := db.QueryContext(ctx, `SELECT community, member_id, sum(amount) FROM points_ledger GROUP BY community, member_id`)
		if err != nil {
			return nil, err
		}
		defer rows.Close()
		out := map[string]int64{}
		for rows.Next() {
			var c string
			var m, sum int64
			if err := rows.Scan(&c, &m, &sum); err != nil {
				return nil, err
			}
			out[fmt.Sprintf("%s/%d", c, m)] = sum
		}
		return out, rows.Err()
	}
	a, err := balances(src.SQL())
	if err != nil {
		return err
	}
	b, err := balances(dst.SQL())
	if err != nil {
		return err
	}
	for k, v := range a {
		if b[k] != v {
			return fmt.Errorf("balance of %s: %d in SQLite, %d in PostgreSQL", k, v, b[k])
		}
	}
	if len(a) != len(b) {
		return fmt.Errorf("%d balances in SQLite, %d in PostgreSQL", len(a), len(b))
	}
	rep.Balances = len(a)
	return nil
}
