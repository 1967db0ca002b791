package program

import (
	"context"
	"fmt"

	"linli/pictures"
)

// wirePictures opens the font the pictures are drawn with. Without one
// linli still runs: it says so once, and the workflows send text. A font
// the config names but that cannot be read is an error, not a fallback.
func (a *Program) wirePictures(ctx context.Context) error {
	r, err := pictures.Open(a.Config.Pictures.Font)
	if err != nil && a.Config.Pictures.Font != "" {
		return fmt.Errorf("pictures.font: %w", err)
	}
	if err != nil {
		a.Log.Error("no pictures: the poster, certificates and calendars go as text", "err", err)
		return nil
	}
	a.Pictures = r
	return nil
}
