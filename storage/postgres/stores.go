package postgres

// The stores are sqlstore's, shared with storage/sqlite: the same
// types and constructors, so code written against one store runs on the other.

import (
	"context"

	"linli/storage/sqlstore"
)

// DB is an open linli database.
type DB = sqlstore.DB

// SlotFailure is one recorded failure of a scheduler slot.
type SlotFailure = sqlstore.SlotFailure

// AdminStore is sqlstore.AdminStore.
type AdminStore = sqlstore.AdminStore

// NewAdminStore returns the admin store over db.
func NewAdminStore(db *DB) *AdminStore { return sqlstore.NewAdminStore(db) }

// CheckinStore is sqlstore.CheckinStore.
type CheckinStore = sqlstore.CheckinStore

// NewCheckinStore returns the checkin store over db.
func NewCheckinStore(db *DB) *CheckinStore { return sqlstore.NewCheckinStore(db) }

// EventStore is sqlstore.EventStore.
type EventStore = sqlstore.EventStore

// NewEventStore returns the event store over db.
func NewEventStore(db *DB) *EventStore { return sqlstore.NewEventStore(db) }

// GarbageStore is sqlstore.GarbageStore.
type GarbageStore = sqlstore.GarbageStore

// NewGarbageStore returns the garbage store over db.
func NewGarbageStore(db *DB) *GarbageStore { return sqlstore.NewGarbageStore(db) }

// KnowledgeStore is sqlstore.KnowledgeStore.
type KnowledgeStore = sqlstore.KnowledgeStore

// NewKnowledgeStore returns the knowledge store over db.
func NewKnowledgeStore(db *DB) *KnowledgeStore { return sqlstore.NewKnowledgeStore(db) }

// PointsStore is sqlstore.PointsStore.
type PointsStore = sqlstore.PointsStore

// NewPointsStore returns the points store over db.
func NewPointsStore(db *DB) *PointsStore { return sqlstore.NewPointsStore(db) }

// ReminderStore is sqlstore.ReminderStore.
type ReminderStore = sqlstore.ReminderStore

// NewReminderStore returns the reminder store over db.
func NewReminderStore(db *DB) *ReminderStore { return sqlstore.NewReminderStore(db) }

// ReportStore is sqlstore.ReportStore.
type ReportStore = sqlstore.ReportStore

// NewReportStore returns the report store over db.
func NewReportStore(db *DB) *ReportStore { return sqlstore.NewReportStore(db) }

// SchedulerStore is sqlstore.SchedulerStore.
type SchedulerStore = sqlstore.SchedulerStore

// NewSchedulerStore returns the scheduler store over db.
func NewSchedulerStore(db *DB) *SchedulerStore { return sqlstore.NewSchedulerStore(db) }

// VolunteerStore is sqlstore.VolunteerStore.
type VolunteerStore = sqlstore.VolunteerStore

// NewVolunteerStore returns the volunteer store over db.
func NewVolunteerStore(db *DB) *VolunteerStore { return sqlstore.NewVolunteerStore(db) }

// LLMBudget is sqlstore.LLMBudget.
type LLMBudget = sqlstore.LLMBudget

// NewLLMBudget returns the language-model budget over db.
func NewLLMBudget(db *DB) *LLMBudget { return sqlstore.NewLLMBudget(db) }

// SimWire is sqlstore.SimWire, the simulated gateway's delivery record.
type SimWire = sqlstore.SimWire

// NewSimWire creates the simulated wire's table if needed.
func NewSimWire(ctx context.Context, db *DB) (*SimWire, error) { return sqlstore.NewSimWire(ctx, db) }
