// Package volunteer turns residents' free-text requests for help into
// volunteer tasks and follows each task from intake to the hours ledger:
// volunteer profiles, rule-based extraction (with an optional LLM in front),
// explainable matching, coordinator notifications and the task lifecycle.
//
// Privacy is a rule of the package: group messages carry only the task
// number and category; phone numbers, rooms and health details go privately
// to the assigned volunteer and the coordinators.
package volunteer

import (
	"time"
)

// Skill is one entry of the fixed skill taxonomy. Tasks have exactly one
// category from it; volunteers have any number of skills.
type Skill string

// The taxonomy. Coordinators report on these names, so they never change.
const (
	Errands     Skill = "买菜跑腿"
	Medical     Skill = "陪诊就医"
	Companion   Skill = "助老陪伴"
	Repair      Skill = "家电维修"
	Tech        Skill = "电脑手机教学"
	Legal       Skill = "法律咨询"
	Counselling Skill = "心理疏导"
	Children    Skill = "儿童看护辅导"
	Disability  Skill = "助残服务"
	Cleaning    Skill = "清洁整理"
	Moving      Skill = "搬运"
	Other       Skill = "其他"
)

// Skills lists the taxonomy in the order it is shown to people.
func Skills() []Skill {
	return []Skill{Errands, Medical, Companion, Repair, Tech, Legal, Counselling, Children, Disability, Cleaning, Moving, Other}
}

// Availability is a set of cells of the week grid (weekday or weekend ×
// morning, afternoon or evening), as a bit mask; zero means "not said".
type Availability uint8

// The six slots of the week grid.
const (
	WeekdayMorning Availability = 1 << iota
	WeekdayAfternoon
	WeekdayEvening
	WeekendMorning
	WeekendAfternoon
	WeekendEvening

	// Anytime is every slot.
	Anytime = WeekdayMorning | WeekdayAfternoon | WeekdayEvening | WeekendMorning | WeekendAfternoon | WeekendEvening
)

// Status is where a volunteer stands with the coordinators.
type Status string

const (
	// Active volunteers are offered tasks.
	Active Status = "active"
	// Pending volunteers wait for a coordinator's approval (only when the
	// community requires approval).
	Pending Status = "pending"
	// Paused volunteers are not offered tasks until resumed.
	Paused Status = "paused"
)

// Label says the status as coordinators read it.
func (s Status) Label() string {
	switch s {
	case Active:
		return "可接单"
	case Pending:
		return "待批准"
	case Paused:
		return "已暂停"
	}
	return string(s)
}

// Volunteer is a registered volunteer's profile.
type Volunteer struct {
	MemberID  int64
	Name      string
	Community string
	Skills    []Skill
	Avail     Availability
	// Estate is the 小区 (housing estate) they live in, when said.
	Estate string
	// Building is the building number ("5"), when said.
	Building string
	// WeeklyCap is the most tasks they take in seven days.
	WeeklyCap int
	Status    Status
	// Text is what they wrote, kept so a coordinator can check the reading.
	Text      string
	CreatedAt time.Time
	UpdatedAt time.Time
}

// HasSkill reports whether the volunteer offers s.
func (v Volunteer) HasSkill(s Skill) bool {
	for _, k := range v.Skills {
		if k == s {
			return true
		}
	}
	return false
}

// State is where a task is in its lifecycle.
type State string

// The lifecycle, as CanMoveTo states it:
//
//	open → assigned      a volunteer takes it (接单) or a coordinator gives it (派单)
//	assigned → open      the volunteer hands it back (退单) or a coordinator takes it back
//	assigned → done      the volunteer reports it done (完成)
//	done → confirmed     the requester confirms (确认), or nobody objects in time
//	open, assigned → cancelled  the requester or a coordinator cancels (取消)
//	open, assigned, done → closed  a coordinator closes it (关闭)
//
// Confirmed, cancelled and closed are final.
const (
	Open      State = "open"
	Assigned  State = "assigned"
	Done      State = "done"
	Confirmed State = "confirmed"
	Cancelled State = "cancelled"
	Closed    State = "closed"
)

// CanMoveTo reports whether a task in state s may move to state to: the
// one statement of the lifecycle above, which every command and timer
// checks before it changes a task.
func (s State) CanMoveTo(to State) bool {
	switch to {
	case Assigned:
		return s == Open
	case Open:
		return s == Assigned
	case Done:
		return s == Assigned
	case Confirmed:
		return s == Done
	case Cancelled:
		return s == Open || s == Assigned
	case Closed:
		return s == Open || s == Assigned || s == Done
	}
	return false
}

// Label names the state in Chinese, as people see it.
func (s State) Label() string {
	switch s {
	case Open:
		return "待接单"
	case Assigned:
		return "进行中"
	case Done:
		return "待确认"
	case Confirmed:
		return "已完成"
	case Cancelled:
		return "已取消"
	case Closed:
		return "已关闭"
	}
	return string(s)
}

// Window is when help is needed. The zero window means "not said".
type Window struct {
	Start, End time.Time
}

// IsZero reports whether no time was said.
func (w Window) IsZero() bool { return w.Start.IsZero() }

// Place is where the volunteer should go, as understood from the text.
type Place struct {
	// Estate is a 小区 name ("锦霞苑"), when said.
	Estate string
	// Building is the building number ("3").
	Building string
	// BuildingWord is how the building was called: 号楼, 栋 or 幢.
	BuildingWord string
	Unit         string
	Room         string
	// Landmark is a place in the community with no building ("东门").
	Landmark string
}

// IsZero reports whether no place was found.
func (p Place) IsZero() bool {
	return p.Building == "" && p.Landmark == "" && p.Estate == "" && p.Room == ""
}

// String is the full place, room included: for the volunteer and the
// coordinators only.
func (p Place) String() string {
	if p.Building == "" {
		if p.Landmark != "" {
			return p.Landmark
		}
		if p.Room != "" {
			return p.Room + "室"
		}
		return ""
	}
	s := p.Building + p.BuildingWord
	if p.Unit != "" {
		s += p.Unit + "单元"
	}
	return s + p.Room
}

// Coarse is the place without unit or room, safe for notices that several
// people see ("3号楼", "东门").
func (p Place) Coarse() string {
	if p.Building != "" {
		return p.Building + p.BuildingWord
	}
	return p.Landmark
}

// Request is what was understood from a resident's text.
type Request struct {
	Category Skill
	// What is the request in a few words, with time, place and phone
	// removed.
	What   string
	Window Window
	Place  Place
	Urgent bool
	// Phone is the contact number found in the text (full; shown masked
	// except to the assigned volunteer).
	Phone string
	// Health is true when the text mentions health details, which then stay
	// out of every shared message.
	Health bool
}

// Task is a request being handled.
type Task struct {
	ID        int64
	Community string
	// Chat is the group the request came from ("" for a private chat).
	Chat        string
	RequesterID int64
	Requester   string
	Request
	Text  string
	State State
	// VolunteerID is the assigned volunteer (0 while open).
	VolunteerID int64
	Volunteer   string
	CreatedAt   time.Time
	AssignedAt  time.Time
	DoneAt      time.Time
	ClosedAt    time.Time
	// Hours is the time the volunteer reported at 完成.
	Hours  float64
	Rating int
	// Note is the reason given at 取消 or 关闭.
	Note string
	// SourceMsg is the message that created the task; a redelivery finds
	// the same task.
	SourceMsg string
}
