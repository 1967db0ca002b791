// Package storetest is the conformance suite of linli's stores: every test
// in it runs against SQLite and against PostgreSQL, so the two dialects of
// storage/sqlstore cannot drift apart. It has no code outside its tests.
package storetest
