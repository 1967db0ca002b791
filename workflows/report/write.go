package report

import (
	"encoding/csv"
	"fmt"
	"io"
	"os"
	"path/filepath"
	"strconv"
	"strings"

	"github.com/xuri/excelize/v2"
)

// WriteXLSX writes the report as an Excel workbook, one sheet per table,
// with a bold header row and a bold 合计 row.
func (r Report) WriteXLSX(w io.Writer) error {
	f := excelize.NewFile()
	defer f.Close()
	bold, err := f.NewStyle(&excelize.Style{Font: &excelize.Font{Bold: true}})
	if err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	for i, s := range r.Sheets() {
		if i == 0 {
			if err := f.SetSheetName("Sheet1", s.Name); err != nil {
				return fmt.Errorf("write workbook: %w", err)
			}
		} else if _, err := f.NewSheet(s.Name); err != nil {
			return fmt.Errorf("write workbook: sheet %s: %w", s.Name, err)
		}
		if err := writeRow(f, s.Name, 1, toAny(s.Header)); err != nil {
			return err
		}
		for j, row := range s.Rows {
			if err := writeRow(f, s.Name, j+2, row); err != nil {
				return err
			}
		}
		col, err := excelize.ColumnNumberToName(len(s.Header))
		if err != nil {
			return fmt.Errorf("write workbook: %w", err)
		}
		totalRow := strconv.Itoa(len(s.Rows) + 1)
		for _, r := range []string{"1", totalRow} {
			if err := f.SetCellStyle(s.Name, "A"+r, col+r, bold); err != nil {
				return fmt.Errorf("write workbook: %w", err)
			}
		}
		if err := f.SetColWidth(s.Name, "A", col, 14); err != nil {
			return fmt.Errorf("write workbook: %w", err)
		}
	}
	if _, err := f.WriteTo(w); err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	return nil
}

func toAny(ss []string) []any {
	out := make([]any, len(ss))
	for i, s := range ss {
		out[i] = s
	}
	return out
}

func writeRow(f *excelize.File, sheet string, row int, vals []any) error {
	cell, err := excelize.CoordinatesToCellName(1, row)
	if err != nil {
		return fmt.Errorf("write workbook: %w", err)
	}
	if err := f.SetSheetRow(sheet, cell, &vals); err != nil {
		return fmt.Errorf("write workbook: sheet %s row %d: %w", sheet, row, err)
	}
	return nil
}

// WriteCSV writes one sheet as CSV, with a byte-order mark so that Excel
// opens the Chinese text correctly.
func WriteCSV(w io.Writer, s Sheet) error {
	if _, err := io.WriteString(w, "\ufeff"); err != nil {
		return fmt.Errorf("write csv %s: %w", s.Name, err)
	}
	cw := csv.NewWriter(w)
	if err := cw.Write(s.Header); err != nil {
		return fmt.Errorf("write csv %s: %w", s.Name, err)
	}
	for _, row := range s.Rows {
		rec := make([]string, len(row))
		for i, v := range row {
			rec[i] = CellText(v)
		}
		if err := cw.Write(rec); err != nil {
			return fmt.Errorf("write csv %s: %w", s.Name, err)
		}
	}
	cw.Flush()
	return cw.Error()
}

// CellText is how a cell reads in CSV and in chat.
func CellText(v any) string {
	switch x := v.(type) {
	case float64:
		return strconv.FormatFloat(x, 'f', -1, 64)
	case string:
		return x
	default:
		return fmt.Sprint(x)
	}
}

// SaveXLSX writes the workbook to path, creating its directory.
func (r Report) SaveXLSX(path string) error {
	return save(path, r.WriteXLSX)
}

// SaveCSV writes one CSV file per sheet next to path: report.csv becomes
// report-tasks.csv, report-hours.csv and so on. It returns the files.
func (r Report) SaveCSV(path string) ([]string, error) {
	base := strings.TrimSuffix(path, filepath.Ext(path))
	var files []string
	for _, s := range r.Sheets() {
		p := base + "-" + s.File + ".csv"
		if err := save(p, func(w io.Writer) error { return WriteCSV(w, s) }); err != nil {
			return files, err
		}
		files = append(files, p)
	}
	return files, nil
}

func save(path string, write func(io.Writer) error) error {
	if dir := filepath.Dir(path); dir != "" {
		if err := os.MkdirAll(dir, 0o755); err != nil {
			return fmt.Errorf("save %s: %w", path, err)
		}
	}
	tmp := path + ".tmp"
	f, err := os.Create(tmp)
	if err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	if err := write(f); err != nil {
		f.Close()
		os.Remove(tmp)
		return err
	}
	if err := f.Close(); err != nil {
		os.Remove(tmp)
		return fmt.Errorf("save %s: %w", path, err)
	}
	if err := os.Rename(tmp, path); err != nil {
		return fmt.Errorf("save %s: %w", path, err)
	}
	return nil
}
