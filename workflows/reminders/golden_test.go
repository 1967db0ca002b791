package reminders_test

import "testing"

func TestTranscriptManage(t *testing.T) { golden(t, "manage") }

func TestTranscriptWeek(t *testing.T) { golden(t, "week") }

func TestTranscriptOutage(t *testing.T) { golden(t, "outage") }
