package mp_test

import (
	"testing"

	"linli/storage/postgres/pgtest"
)

// TestOfficialAccountOnPostgres plays the Official Account's scenarios
// that lean on the store (binding two records into one ledger, the
// 48-hour window, pictures and passive replies) on PostgreSQL, as a
// 街道's shared deployment runs them.
func TestOfficialAccountOnPostgres(t *testing.T) {
	pg := pgtest.Start()
	t.Cleanup(pg.Stop)
	defer func(prev func(testing.TB) string) { fixtureDB = prev }(fixtureDB)
	fixtureDB = func(t testing.TB) string { return pg.NewDatabase(t) }
	for name, scenario := range map[string]func(*testing.T){
		"binding":  TestBindingMergesGroupAndOfficialAccountIntoOneLedger,
		"window":   TestReminderInsideAndOutsideTheWindow,
		"pictures": TestPicturesReachFollowers,
		"checkin":  TestCheckinByPassiveReply,
	} {
		t.Run(name, scenario)
	}
}
