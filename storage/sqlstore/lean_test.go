package sqlstore

import "testing"

func TestReadOnlyTellsReadsFromWrites(t *testing.T) {
	for _, c := range []struct {
		query string
		want  bool
	}{
		{"SELECT id, name, updated_at FROM shop_items WHERE community = ?", true},
		{"  select count(*) from inbound where deleted_at = 0", true},
		{"WITH x AS (SELECT 1) SELECT * FROM x", true},
		{"SELECT id FROM tasks WHERE id = ? FOR UPDATE", false},
		{"WITH m AS (INSERT INTO members(name) VALUES (?) RETURNING id) SELECT id FROM m", false},
		{"WITH gone AS (DELETE FROM acks RETURNING *) SELECT count(*) FROM gone", false},
		{"SELECT nextval('members_id_seq')", false},
		{"SELECT pg_advisory_xact_lock(7)", false},
		{"INSERT INTO inbound(msg_id) VALUES (?)", false},
		{"UPDATE members SET name = ? WHERE id = ?", false},
		{"DELETE FROM outbox WHERE id = ?", false},
	} {
		if got := readOnly(c.query); got != c.want {
			t.Errorf("readOnly(%q) = %v, want %v", c.query, got, c.want)
		}
	}
}
