package bot

import (
	"sort"
	"sync"
	"time"
)

// Community is a residential community (社区) and the groups linli serves
// for it.
type Community struct {
	Name string
	// Location is the community's time zone; days are counted in it.
	Location *time.Location
	// GarbageCity is the sorting standard residents follow ("上海" calls
	// 厨余垃圾 湿垃圾); empty means the national standard.
	GarbageCity string
}

// Directory knows the communities and which group belongs to which. It is
// filled from the config (or `@group` lines in sim) and is safe for
// concurrent use.
type Directory struct {
	mu          sync.RWMutex
	communities map[string]Community
	groups      map[string]string // group name → community name
	// DefaultLocation is used for communities without one.
	DefaultLocation *time.Location
	// ServeAllGroups answers groups the config does not list, in the
	// default community.
	ServeAllGroups bool
	// DefaultCommunity is where unlisted groups and unknown private senders
	// belong.
	DefaultCommunity string
}

// NewDirectory returns an empty directory whose default time zone is loc.
func NewDirectory(loc *time.Location) *Directory {
	return &Directory{communities: map[string]Community{}, groups: map[string]string{}, DefaultLocation: loc}
}

// AddCommunity declares a community (replacing an earlier declaration).
func (d *Directory) AddCommunity(c Community) {
	d.mu.Lock()
	defer d.mu.Unlock()
	if c.Location == nil {
		c.Location = d.DefaultLocation
	}
	d.communities[c.Name] = c
	if d.DefaultCommunity == "" {
		d.DefaultCommunity = c.Name
	}
}

// AddGroup declares that group belongs to community, declaring the
// community if it is new.
func (d *Directory) AddGroup(group, community string) {
	d.mu.Lock()
	if _, ok := d.communities[community]; !ok {
		d.communities[community] = Community{Name: community, Location: d.DefaultLocation}
		if d.DefaultCommunity == "" {
			d.DefaultCommunity = community
		}
	}
	d.groups[group] = community
	d.mu.Unlock()
}

// CommunityOf returns the community of a group and whether linli serves
// the group at all.
func (d *Directory) CommunityOf(group string) (string, bool) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if c, ok := d.groups[group]; ok {
		return c, true
	}
	if d.ServeAllGroups {
		return d.DefaultCommunity, true
	}
	return "", false
}

// Community returns a community by name.
func (d *Directory) Community(name string) (Community, bool) {
	d.mu.RLock()
	defer d.mu.RUnlock()
	c, ok := d.communities[name]
	return c, ok
}

// Location returns the time zone of a community, or the default one.
func (d *Directory) Location(community string) *time.Location {
	d.mu.RLock()
	defer d.mu.RUnlock()
	if c, ok := d.communities[community]; ok && c.Location != nil {
		return c.Location
	}
	return d.DefaultLocation
}

// Groups returns the groups of a community, sorted.
func (d *Directory) Groups(community string) []string {
	d.mu.RLock()
	defer d.mu.RUnlock()
	var out []string
	for g, c := range d.groups {
		if c == community {
			out = append(out, g)
		}
	}
	sort.Strings(out)
	return out
}

// AllGroups returns every declared group, sorted.
func (d *Directory) AllGroups() []string {
	d.mu.RLock()
	defer d.mu.RUnlock()
	out := make([]string, 0, len(d.groups))
	for g := range d.groups {
		out = append(out, g)
	}
	sort.Strings(out)
	return out
}

// Communities returns every community, sorted by name.
func (d *Directory) Communities() []Community {
	d.mu.RLock()
	defer d.mu.RUnlock()
	out := make([]Community, 0, len(d.communities))
	for _, c := range d.communities {
		out = append(out, c)
	}
	sort.Slice(out, func(i, j int) bool { return out[i].Name < out[j].Name })
	return out
}
