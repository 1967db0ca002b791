package scheduler

import (
	"cmp"
	"context"
	"errors"
	"fmt"
	"log/slog"
	"runtime/debug"
	"slices"
	"sync"
	"time"

	"linli/bot"
	"linli/timeexpr"
)

// Defaults for Config fields left zero.
const (
	// DefaultOnTime is how late a slot may be and still count as on time
	// rather than missed: the loop wakes every 30 s, so a live slot is
	// never later than that plus the time its pass takes.
	DefaultOnTime = 2 * time.Minute
	// DefaultKeep is how long a shared claim is remembered. It must
	// outlast the longest catch-up (grace) of any job.
	DefaultKeep = 7 * 24 * time.Hour
	// DefaultMaxAttempts is how many times a failing slot is tried before
	// it is given up.
	DefaultMaxAttempts = 3
	// MaxWait is the longest the Run loop sleeps, so that a suspended
	// machine or a clock jump delays nothing by more than this.
	MaxWait = 30 * time.Second
	// slotHistory is how long local slot claims are kept for the record.
	slotHistory = 30 * 24 * time.Hour
	// batchSize is how many steps share one transaction when all goes
	// well; a commit per slot would dominate a busy minute.
	batchSize = 128
)

// Config builds a Scheduler.
type Config struct {
	// Store keeps job states, slot claims and timers.
	Store Store
	// Tx runs each slot in one transaction with its claim and messages.
	Tx bot.Transactor
	// Outbox receives the messages of fired slots.
	Outbox Outbox
	// Clock drives the Run loop.
	Clock bot.Clock
	// Location is the default time zone of specs (Asia/Shanghai if nil).
	Location *time.Location
	// Claimer, when set, is shared with other instances (Redis).
	Claimer Claimer
	// Instance names this instance in shared claims; empty means the
	// store's InstanceID.
	Instance string
	Logger   *slog.Logger
	// OnTime, Keep and MaxAttempts default to the constants above.
	OnTime      time.Duration
	Keep        time.Duration
	MaxAttempts int
	// OnFailure, when set, hears of every failed slot attempt (giveUp on
	// the last), so the operator can be alerted; the scheduler retries
	// on its own either way.
	OnFailure func(ctx context.Context, slot string, giveUp bool, err error)
}

// Scheduler fires recurring jobs and timers exactly once. It implements
// Registrar for the workflows. Its methods are safe for concurrent use;
// passes (RunDue) run one at a time.
type Scheduler struct {
	cfg   Config
	log   *slog.Logger
	after func(time.Duration) <-chan time.Time
	kick  chan struct{}

	mu    sync.Mutex // guards jobs and kinds
	jobs  map[string]*jobEntry
	kinds map[string]TimerFunc

	pass      sync.Mutex // one pass at a time; guards the fields below
	owner     string
	attempts  map[string]int
	specs     map[string]timeexpr.Schedule // parsed timer specs by spec and zone
	lastPrune time.Time
}

type jobEntry struct {
	job   Job
	sched timeexpr.Schedule
	next  time.Time // zero until loaded
}

// DefaultLocation returns Asia/Shanghai, or a fixed UTC+8 zone of the same
// name where the system has no time-zone database (China has kept UTC+8
// without daylight saving since 1991).
func DefaultLocation() *time.Location {
	if loc, err := time.LoadLocation("Asia/Shanghai"); err == nil {
		return loc
	}
	return time.FixedZone("Asia/Shanghai", 8*3600)
}

// New returns a scheduler. Store, Tx, Outbox and Clock are required.
func New(cfg Config) (*Scheduler, error) {
	if cfg.Store == nil || cfg.Tx == nil || cfg.Outbox == nil || cfg.Clock == nil {
		return nil, errors.New("new scheduler: store, transactor, outbox and clock are required")
	}
	if cfg.Location == nil {
		cfg.Location = DefaultLocation()
	}
	if cfg.Logger == nil {
		cfg.Logger = slog.Default()
	}
	if cfg.OnTime <= 0 {
		cfg.OnTime = DefaultOnTime
	}
	if cfg.Keep <= 0 {
		cfg.Keep = DefaultKeep
	}
	if cfg.MaxAttempts <= 0 {
		cfg.MaxAttempts = DefaultMaxAttempts
	}
	return &Scheduler{
		cfg:      cfg,
		log:      cfg.Logger.With("component", "scheduler"),
		after:    time.After,
		kick:     make(chan struct{}, 1),
		jobs:     map[string]*jobEntry{},
		kinds:    map[string]TimerFunc{},
		owner:    cfg.Instance,
		attempts: map[string]int{},
		specs:    map[string]timeexpr.Schedule{},
	}, nil
}

// Location is the default time zone of specs.
func (s *Scheduler) Location() *time.Location { return s.cfg.Location }

// AddJob registers a recurring job. Names are unique; the spec must parse
// in the job's location.
func (s *Scheduler) AddJob(j Job) error {
	if j.Name == "" {
		return errors.New("add job: empty name")
	}
	if j.Run == nil {
		return fmt.Errorf("add job %s: no Run function", j.Name)
	}
	if j.Policy < Once || j.Policy > All {
		return fmt.Errorf("add job %s: unknown missed-slot policy %d", j.Name, j.Policy)
	}
	if j.Location == nil {
		j.Location = s.cfg.Location
	}
	if j.Grace <= 0 {
		j.Grace = DefaultGrace
	}
	sched, err := timeexpr.ParseSpec(j.Spec, j.Location)
	if err != nil {
		return fmt.Errorf("add job %s: %w", j.Name, err)
	}
	s.mu.Lock()
	defer s.mu.Unlock()
	if _, dup := s.jobs[j.Name]; dup {
		return fmt.Errorf("add job %s: a job with this name is already registered", j.Name)
	}
	s.jobs[j.Name] = &jobEntry{job: j, sched: sched}
	s.wake()
	return nil
}

// HandleTimer registers the function that fires timers of kind. Timers of
// a kind nobody handles stay in the store untouched.
func (s *Scheduler) HandleTimer(kind string, fn TimerFunc) {
	s.mu.Lock()
	s.kinds[kind] = fn
	s.mu.Unlock()
	s.wake()
}

// SetTimer schedules (or moves) a timer. Called with a transaction's
// context it commits with that transaction.
func (s *Scheduler) SetTimer(ctx context.Context, t Timer) error {
	if t.Key == "" || t.Kind == "" {
		return errors.New("set timer: key and kind are required")
	}
	if t.Policy < Once || t.Policy > All {
		return fmt.Errorf("set timer %s: unknown missed-slot policy %d", t.Key, t.Policy)
	}
	if t.Spec != "" {
		if t.Location == nil {
			t.Location = s.cfg.Location
		}
		sched, err := timeexpr.ParseSpec(t.Spec, t.Location)
		if err != nil {
			return fmt.Errorf("set timer %s: %w", t.Key, err)
		}
		if t.At.IsZero() {
			t.At = sched.Next(s.cfg.Clock.Now())
		}
	} else if t.At.IsZero() {
		return fmt.Errorf("set timer %s: no time and no schedule", t.Key)
	}
	// Times are kept to the millisecond; claims compare them exactly.
	t.At = t.At.Truncate(time.Millisecond)
	if err := s.cfg.Store.PutTimer(ctx, t); err != nil {
		return fmt.Errorf("set timer %s: %w", t.Key, err)
	}
	s.wake()
	return nil
}

// CancelTimer removes a timer that has not fired; unknown keys are fine.
func (s *Scheduler) CancelTimer(ctx context.Context, key string) error {
	if err := s.cfg.Store.DeleteTimer(ctx, key); err != nil {
		return fmt.Errorf("cancel timer %s: %w", key, err)
	}
	return nil
}

func (s *Scheduler) wake() {
	select {
	case s.kick <- struct{}{}:
	default:
	}
}

// firing is one planned step of a job or timer: fire slot (or only move
// on, when skip is set) and leave the next slot at to.
type firing struct {
	slot  time.Time
	from  time.Time // the stored next slot / timer time before this step
	to    time.Time // after it; zero deletes a one-off timer
	skip  bool      // move on without firing (missed slots the policy drops)
	job   *jobEntry
	timer *Timer
	fn    TimerFunc
}

// series identifies the job or timer the step belongs to.
func (f *firing) series() string {
	if f.job != nil {
		return "job:" + f.job.job.Name
	}
	return "timer:" + f.timer.Key
}

func (f *firing) name() string {
	if f.job != nil {
		return f.job.job.Name
	}
	return f.timer.Key
}

// key is the slot's unique claim key.
func (f *firing) key() string {
	at := f.slot.UTC().Format("2006-01-02T15:04:05.000Z")
	if f.job != nil {
		return "job:" + f.job.job.Name + "@" + at
	}
	return "timer:" + f.timer.Key + "@" + at
}

// RunDue fires every job slot and timer due by now, in time order. A
// slot's claim, its function's effects and its messages commit in one
// transaction (up to 128 slots share one, so a busy minute is not a commit
// per slot). Slots more than OnTime late count as missed and follow their
// policy. It returns how many slots fired here. Failing slots are logged
// and recorded, not returned: the error is for a store that cannot be read.
//
// A slot whose function errors or panics rolls back (nothing is sent, no
// claim is left; the slots before it in its batch commit without it) and is
// tried again on the next pass, up to MaxAttempts times in this process;
// then it is given up and recorded. Later slots of the same job wait behind
// a failing one. Retrying suits the usual cause, a busy or briefly failing
// store; a job that fails for good costs three log lines, not a loop.
func (s *Scheduler) RunDue(ctx context.Context, now time.Time) (int, error) {
	s.pass.Lock()
	defer s.pass.Unlock()
	plan, err := s.plan(ctx, now)
	if err != nil {
		return 0, err
	}
	fired := 0
	if s.cfg.Claimer != nil {
		fired += s.settleHeld(ctx, now)
	}
	blocked := map[string]bool{}
	for len(plan) > 0 {
		var batch []firing
		for len(plan) > 0 && len(batch) < batchSize {
			if f := plan[0]; !blocked[f.series()] {
				batch = append(batch, f)
			}
			plan = plan[1:]
		}
		for len(batch) > 0 {
			k, bad, err := s.runBatch(ctx, batch, now)
			if err == nil {
				fired += k
				break
			}
			if ctx.Err() != nil {
				return fired, ctx.Err()
			}
			// Nothing of the batch committed. Commit the steps before the
			// failing one, hold its series back, and go on after it.
			if bad > 0 {
				if k, _, err := s.runBatch(ctx, batch[:bad], now); err == nil {
					fired += k
				} else {
					s.log.Error("scheduler batch failed twice", "err", err)
				}
			}
			f := &batch[bad]
			blocked[f.series()] = true
			if f.skip {
				s.log.Error("move past missed slots", "series", f.name(), "err", err)
			} else {
				s.failed(ctx, f, f.key(), now, err)
			}
			rest := batch[bad+1:]
			batch = batch[:0:0]
			for _, g := range rest {
				if !blocked[g.series()] {
					batch = append(batch, g)
				}
			}
		}
	}
	if now.Sub(s.lastPrune) > 24*time.Hour {
		if _, err := s.cfg.Store.PruneSlots(ctx, now.Add(-slotHistory)); err != nil {
			s.log.Warn("prune old slot claims", "err", err)
		}
		s.lastPrune = now
	}
	return fired, nil
}

// plan computes the steps of this pass in time order.
func (s *Scheduler) plan(ctx context.Context, now time.Time) ([]firing, error) {
	if err := s.load(ctx, now); err != nil {
		return nil, err
	}
	s.mu.Lock()
	entries := make([]*jobEntry, 0, len(s.jobs))
	for _, e := range s.jobs {
		entries = append(entries, e)
	}
	kinds := make([]string, 0, len(s.kinds))
	fns := make(map[string]TimerFunc, len(s.kinds))
	for k, fn := range s.kinds {
		kinds = append(kinds, k)
		fns[k] = fn
	}
	s.mu.Unlock()

	var plan []firing
	for _, e := range entries {
		if e.next.After(now) {
			continue
		}
		plan = append(plan, s.planSeries(e.sched, e.next, now, e.job.Policy, e.job.Grace, func(f firing) firing {
			f.job = e
			return f
		})...)
	}
	if len(kinds) > 0 {
		timers, err := s.cfg.Store.DueTimers(ctx, now, kinds)
		if err != nil {
			return nil, fmt.Errorf("run due timers: %w", err)
		}
		for i := range timers {
			t := &timers[i]
			fn := fns[t.Kind]
			bind := func(f firing) firing {
				f.timer, f.fn = t, fn
				return f
			}
			if t.Spec == "" {
				plan = append(plan, bind(s.planOnce(t, now)))
				continue
			}
			loc := t.Location
			if loc == nil {
				loc = s.cfg.Location
			}
			sched, err := s.timerSchedule(t.Spec, loc)
			if err != nil {
				// Validated by SetTimer; a stored spec that no longer
				// parses is dropped rather than retried forever.
				s.log.Error("timer has a bad schedule; dropping it", "timer", t.Key, "spec", t.Spec, "err", err)
				plan = append(plan, bind(firing{slot: t.At, from: t.At, skip: true}))
				continue
			}
			grace := t.Grace
			if grace <= 0 {
				grace = DefaultGrace
			}
			plan = append(plan, s.planSeries(sched, t.At, now, t.Policy, grace, bind)...)
		}
	}
	slices.SortStableFunc(plan, func(a, b firing) int {
		if c := a.slot.Compare(b.slot); c != 0 {
			return c
		}
		// Built-in jobs before timers at the same instant, then by name.
		if (a.job != nil) != (b.job != nil) {
			if a.job != nil {
				return -1
			}
			return 1
		}
		return cmp.Compare(a.name(), b.name())
	})
	return plan, nil
}

// timerSchedule parses each timer spec once and keeps it: thousands of
// reminders share a handful of specs.
func (s *Scheduler) timerSchedule(spec string, loc *time.Location) (timeexpr.Schedule, error) {
	k := spec + "\x00" + loc.String()
	if sc, ok := s.specs[k]; ok {
		return sc, nil
	}
	sc, err := timeexpr.ParseSpec(spec, loc)
	if err != nil {
		return timeexpr.Schedule{}, err
	}
	if len(s.specs) > 10_000 {
		clear(s.specs)
	}
	s.specs[k] = sc
	return sc, nil
}

// planSeries plans the slots of a recurring series from its stored next
// slot up to now, applying the missed-slot policy. The returned steps chain
// (each one's from is the previous one's to) and the last leaves the series
// at its first slot after now.
func (s *Scheduler) planSeries(sched timeexpr.Schedule, next, now time.Time, p MissedPolicy, grace time.Duration, bind func(firing) firing) []firing {
	window := max(grace, s.cfg.OnTime)
	start := next
	if earliest := now.Add(-window); start.Before(earliest) {
		// Slots older than any policy would fire are not even listed.
		start = sched.FirstAtOrAfter(earliest)
	}
	var slots []time.Time
	for t := start; !t.IsZero() && !t.After(now); t = sched.Next(t) {
		slots = append(slots, t)
	}
	final := sched.Next(now)
	var fire []time.Time
	var missed []time.Time
	for _, t := range slots {
		if now.Sub(t) <= s.cfg.OnTime {
			fire = append(fire, t)
		} else {
			missed = append(missed, t)
		}
	}
	switch p {
	case Once:
		if len(fire) == 0 && len(missed) > 0 && now.Sub(missed[len(missed)-1]) <= grace {
			fire = missed[len(missed)-1:]
		}
	case All:
		var keep []time.Time
		for _, t := range missed {
			if now.Sub(t) <= grace {
				keep = append(keep, t)
			}
		}
		fire = append(keep, fire...)
	}
	if len(fire) == 0 {
		return []firing{bind(firing{slot: next, from: next, to: final, skip: true})}
	}
	out := make([]firing, len(fire))
	from := next
	for i, t := range fire {
		to := final
		if i+1 < len(fire) {
			to = fire[i+1]
		}
		out[i] = bind(firing{slot: t, from: from, to: to})
		from = to
	}
	return out
}

// planOnce plans a one-off timer.
func (s *Scheduler) planOnce(t *Timer, now time.Time) firing {
	late := now.Sub(t.At)
	f := firing{slot: t.At, from: t.At}
	if late <= s.cfg.OnTime {
		return f
	}
	switch {
	case t.Policy == Skip:
		f.skip = true
	case t.Grace > 0 && late > t.Grace:
		f.skip = true
	}
	return f
}

// load reads the job states and the instance id once, and starts jobs
// never seen before (or whose schedule changed) from now: past slots of a
// new schedule are not caught up.
func (s *Scheduler) load(ctx context.Context, now time.Time) error {
	if s.owner == "" && s.cfg.Claimer != nil {
		id, err := s.cfg.Store.InstanceID(ctx)
		if err != nil {
			return fmt.Errorf("load scheduler instance id: %w", err)
		}
		s.owner = id
	}
	s.mu.Lock()
	var fresh []*jobEntry
	for _, e := range s.jobs {
		if e.next.IsZero() {
			fresh = append(fresh, e)
		}
	}
	s.mu.Unlock()
	if len(fresh) == 0 {
		return nil
	}
	states, err := s.cfg.Store.LoadJobs(ctx)
	if err != nil {
		return fmt.Errorf("load job states: %w", err)
	}
	for _, e := range fresh {
		st, ok := states[e.job.Name]
		if ok && st.Spec == e.sched.String() && st.Location == e.job.Location.String() && !st.Next.IsZero() {
			e.next = st.Next
			continue
		}
		e.next = e.sched.FirstAtOrAfter(now)
		st = JobState{Name: e.job.Name, Spec: e.sched.String(), Location: e.job.Location.String(), Next: e.next}
		if err := s.cfg.Store.SaveJob(ctx, st); err != nil {
			return fmt.Errorf("start job %s: %w", e.job.Name, err)
		}
		s.log.Info("job scheduled", "job", e.job.Name, "spec", st.Spec, "location", st.Location, "next", e.next)
	}
	return nil
}

// errMoved rolls back a step whose timer was moved or cancelled since the
// pass was planned.
var errMoved = errors.New("timer moved or cancelled")

// outcome is what applying one step did.
type outcome struct {
	ran  bool // the function ran and its messages were queued or held
	msgs []bot.Outgoing
	late time.Duration
}

// apply carries out one step inside the caller's transaction.
//
// Alone, a slot's claim, its function's effects and its messages commit in
// one transaction. With a shared Claimer the messages are held in that
// transaction instead; once it commits the slot is claimed in the shared
// store and a second transaction sends or drops them (settle). A crash
// anywhere leaves either nothing (another instance fires the slot) or held
// messages that the next pass settles; claims are idempotent for their
// owner, so the verdict is the same whenever it is asked.
func (s *Scheduler) apply(ctx context.Context, f *firing, now time.Time) (outcome, error) {
	key := f.key()
	o := outcome{late: max(now.Sub(f.slot), 0)}
	if f.skip {
		return o, s.advance(ctx, f)
	}
	shared := s.cfg.Claimer
	if shared != nil {
		taken, err := shared.SlotTaken(ctx, key, s.owner)
		if err != nil {
			return o, fmt.Errorf("look up slot in shared store: %w", err)
		}
		if taken {
			// Another instance fired it: keep our series in step.
			s.log.Debug("slot fired by another instance", "slot", key)
			return o, s.advance(ctx, f)
		}
	}
	if err := s.advance(ctx, f); err != nil {
		return o, err
	}
	first, err := s.cfg.Store.ClaimSlot(ctx, key, now, o.late)
	if err != nil {
		return o, fmt.Errorf("claim slot: %w", err)
	}
	if !first {
		return o, nil // fired here before (another process on this store)
	}
	msgs, err := s.call(ctx, f, o.late)
	if err != nil {
		return o, err
	}
	for i := range msgs {
		if msgs[i].Source == "" {
			msgs[i].Source = key
		}
	}
	if shared != nil {
		err = s.cfg.Store.HoldMessages(ctx, key, msgs)
	} else if len(msgs) > 0 {
		err = s.cfg.Outbox.Enqueue(ctx, now, msgs...)
	}
	if err != nil {
		return o, fmt.Errorf("enqueue: %w", err)
	}
	o.ran, o.msgs = true, msgs
	return o, nil
}

// runBatch applies steps in one transaction. When a step fails nothing is
// committed, and it returns the failing step's index and error.
func (s *Scheduler) runBatch(ctx context.Context, steps []firing, now time.Time) (int, int, error) {
	outs := make([]outcome, len(steps))
	bad := -1
	err := s.cfg.Tx.InTx(ctx, func(ctx context.Context) error {
		for i := range steps {
			o, err := s.apply(ctx, &steps[i], now)
			if err != nil && !errors.Is(err, errMoved) {
				bad = i
				return err
			}
			outs[i] = o
		}
		return nil
	})
	if err != nil {
		if bad < 0 {
			bad = 0 // the commit itself failed
		}
		return 0, bad, err
	}
	fired := 0
	for i := range steps {
		if s.done(ctx, &steps[i], outs[i], now) {
			fired++
		}
	}
	return fired, -1, nil
}

// done finishes a committed step; it reports whether the slot's messages
// went to the outbox here.
func (s *Scheduler) done(ctx context.Context, f *firing, o outcome, now time.Time) bool {
	s.committed(f)
	if f.skip {
		s.log.Info("missed slot not fired (policy)", "series", f.name(), "slot", f.slot, "late", o.late.Round(time.Second), "next", f.to)
		return false
	}
	key := f.key()
	delete(s.attempts, key)
	if !o.ran {
		return false
	}
	if s.cfg.Claimer != nil {
		won, err := s.settle(ctx, Held{Key: key, Msgs: o.msgs}, now)
		if err != nil || !won {
			return false // settled by a later pass, or fired elsewhere
		}
	}
	lvl := slog.LevelDebug
	if o.late > s.cfg.OnTime {
		lvl = slog.LevelInfo
	}
	s.log.Log(ctx, lvl, "slot fired", "slot", key, "late", o.late.Round(time.Second))
	return true
}

// settle claims a held slot in the shared store and sends its messages if
// this instance has it, or drops them if another instance fired it.
func (s *Scheduler) settle(ctx context.Context, h Held, now time.Time) (bool, error) {
	won, err := s.cfg.Claimer.ClaimSlot(ctx, h.Key, s.owner, s.cfg.Keep)
	if err != nil {
		s.log.Error("claim slot in shared store; its messages wait for the next pass", "slot", h.Key, "err", err)
		return false, err
	}
	err = s.cfg.Tx.InTx(ctx, func(ctx context.Context) error {
		if err := s.cfg.Store.DropHeld(ctx, h.Key); err != nil {
			return err
		}
		if won && len(h.Msgs) > 0 {
			return s.cfg.Outbox.Enqueue(ctx, now, h.Msgs...)
		}
		return nil
	})
	if err != nil {
		s.log.Error("settle held slot; retried on the next pass", "slot", h.Key, "err", err)
		return false, err
	}
	if !won {
		s.log.Info("slot fired by another instance meanwhile; its messages dropped here", "slot", h.Key)
	}
	return won, nil
}

// settleHeld finishes slots a crash or a shared-store error left held.
func (s *Scheduler) settleHeld(ctx context.Context, now time.Time) int {
	held, err := s.cfg.Store.HeldSlots(ctx)
	if err != nil {
		s.log.Error("list held slots", "err", err)
		return 0
	}
	n := 0
	for _, h := range held {
		if won, err := s.settle(ctx, h, now); err == nil && won {
			n++
		}
	}
	return n
}

// advance moves the series past the step inside the step's transaction.
func (s *Scheduler) advance(ctx context.Context, f *firing) error {
	if f.job != nil {
		e := f.job
		st := JobState{Name: e.job.Name, Spec: e.sched.String(), Location: e.job.Location.String(), Next: f.to}
		if err := s.cfg.Store.SaveJob(ctx, st); err != nil {
			return fmt.Errorf("save job %s: %w", e.job.Name, err)
		}
		return nil
	}
	ok, err := s.cfg.Store.AdvanceTimer(ctx, f.timer.Key, f.from, f.to)
	if err != nil {
		return fmt.Errorf("advance timer %s: %w", f.timer.Key, err)
	}
	if !ok {
		return errMoved
	}
	return nil
}

// committed updates the in-memory state after a step's transaction.
func (s *Scheduler) committed(f *firing) {
	if f.job != nil {
		s.mu.Lock()
		f.job.next = f.to
		s.mu.Unlock()
	}
}

// failed records a failed slot and gives it up after MaxAttempts.
func (s *Scheduler) failed(ctx context.Context, f *firing, key string, now time.Time, cause error) error {
	s.attempts[key]++
	n := s.attempts[key]
	giveUp := n >= s.cfg.MaxAttempts
	s.log.Error("slot failed", "slot", key, "attempt", n, "giving_up", giveUp, "err", cause)
	if s.cfg.OnFailure != nil {
		s.cfg.OnFailure(ctx, key, giveUp, cause)
	}
	reason := fmt.Sprintf("attempt %d: %v", n, cause)
	if err := s.cfg.Store.RecordFailure(ctx, key, now, reason); err != nil {
		s.log.Error("record slot failure", "slot", key, "err", err)
	}
	if !giveUp {
		return cause
	}
	delete(s.attempts, key)
	err := s.cfg.Tx.InTx(ctx, func(ctx context.Context) error { return s.advance(ctx, f) })
	if err != nil && !errors.Is(err, errMoved) {
		s.log.Error("move past a given-up slot", "slot", key, "err", err)
		return err
	}
	s.committed(f)
	// Later slots of the series may go ahead in this pass only from the
	// next one; the caller blocks the series for this pass.
	return cause
}

// call runs the job or timer function, turning a panic into an error.
func (s *Scheduler) call(ctx context.Context, f *firing, late time.Duration) (msgs []bot.Outgoing, err error) {
	defer func() {
		if r := recover(); r != nil {
			err = fmt.Errorf("panic in %s: %v\n%s", f.name(), r, debug.Stack())
		}
	}()
	if f.job != nil {
		return f.job.job.Run(ctx, Slot{Job: f.job.job.Name, Time: f.slot, Late: late})
	}
	t := *f.timer
	t.At = f.slot
	return f.fn(ctx, t, late)
}

// NextDue returns the earliest time a job slot or timer falls due, so a
// loop (or `linli sim`) knows when to run the next pass.
func (s *Scheduler) NextDue(ctx context.Context) (time.Time, bool, error) {
	s.pass.Lock()
	err := s.load(ctx, s.cfg.Clock.Now())
	s.pass.Unlock()
	if err != nil {
		return time.Time{}, false, err
	}
	var next time.Time
	s.mu.Lock()
	for _, e := range s.jobs {
		if next.IsZero() || e.next.Before(next) {
			next = e.next
		}
	}
	kinds := make([]string, 0, len(s.kinds))
	for k := range s.kinds {
		kinds = append(kinds, k)
	}
	s.mu.Unlock()
	if len(kinds) > 0 {
		t, ok, err := s.cfg.Store.NextTimer(ctx, kinds)
		if err != nil {
			return time.Time{}, false, fmt.Errorf("next timer: %w", err)
		}
		if ok && (next.IsZero() || t.Before(next)) {
			next = t
		}
	}
	return next, !next.IsZero(), nil
}

// Advance runs the scheduler as if it had been running without a pause
// until to: each due time up to to gets its own pass at that time, with
// set (the simulated clock's Set, may be nil) called first, so every slot
// fires on time and in order. `linli sim` uses it for @now; a simulated
// outage is a plain RunDue after the clock jumped instead.
func (s *Scheduler) Advance(ctx context.Context, to time.Time, set func(time.Time)) (int, error) {
	fired := 0
	for {
		next, ok, err := s.NextDue(ctx)
		if err != nil {
			return fired, err
		}
		if !ok || next.After(to) {
			break
		}
		if set != nil {
			set(next)
		}
		n, err := s.RunDue(ctx, next)
		fired += n
		if err != nil {
			return fired, err
		}
		if n == 0 && s.stuck(ctx, next) {
			break
		}
	}
	if set != nil {
		set(to)
	}
	n, err := s.RunDue(ctx, to)
	return fired + n, err
}

// stuck reports whether the pass at at left something due at or before at
// (a failing slot waiting for its next attempt), so Advance moves on.
func (s *Scheduler) stuck(ctx context.Context, at time.Time) bool {
	next, ok, err := s.NextDue(ctx)
	return err != nil || (ok && !next.After(at))
}

// Run fires due slots until ctx ends, waking at the next due time and at
// least every MaxWait.
func (s *Scheduler) Run(ctx context.Context) error {
	for {
		select {
		case <-s.kick: // this pass sees whatever the kick was for
		default:
		}
		if _, err := s.RunDue(ctx, s.cfg.Clock.Now()); err != nil {
			if ctx.Err() != nil {
				return ctx.Err()
			}
			s.log.Error("scheduler pass", "err", err)
		}
		wait := MaxWait
		if next, ok, err := s.NextDue(ctx); err != nil {
			s.log.Error("scheduler next due", "err", err)
		} else if ok {
			wait = min(wait, max(next.Sub(s.cfg.Clock.Now()), time.Second))
		}
		select {
		case <-ctx.Done():
			return ctx.Err()
		case <-s.after(wait):
		case <-s.kick:
		}
	}
}
